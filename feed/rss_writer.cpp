#include "feed/rss_writer.h"

#include "feed/safe_url.h"
#include "feed/xml_builder.h"

namespace hoard::feed {

std::string RenderRss(const FeedDocument& doc) {
  XmlDocument xml;
  XmlElement rss = xml.Root("rss");
  rss.Attr("version", "2.0")
      .Attr("xmlns:atom", "http://www.w3.org/2005/Atom")
      .Attr("xmlns:media", "http://search.yahoo.com/mrss/");
  XmlElement channel = rss.Child("channel");
  channel.AddText("title", doc.title);
  channel.AddText("link", doc.self_url.empty() ? "https://musicbrainz.org/" : doc.self_url);
  channel.AddText("description", "New releases by artists in your music collection");
  channel.AddText("generator", "hoard");
  channel.AddText("lastBuildDate", Rfc822(FeedUpdated(doc)));
  if (!doc.self_url.empty()) {
    channel.Child("atom:link").Attr("href", doc.self_url).Attr("rel", "self").Attr("type", "application/rss+xml");
  }
  for (const FeedEntry& e : FeedEntries(doc)) {
    const StoredRelease& r = *e.release;
    XmlElement item = channel.Child("item");
    item.AddText("title", e.title);
    item.AddText("link", ReleaseGroupUrl(r.mbid));
    item.Child("guid").Attr("isPermaLink", e.out_now ? "false" : "true").Text(e.id);
    // RSS has one link per item (MusicBrainz's); Last.fm's page goes where
    // the Atom feed has it, as an Atom related link.
    if (IsWebLink(r.lastfm_url)) {
      item.Child("atom:link").Attr("rel", "related").Attr("type", "text/html").Attr("href", r.lastfm_url);
    }
    item.AddText("pubDate", Rfc822(e.updated));
    item.AddText("category", r.primary_type.empty() ? "Other" : r.primary_type);
    item.AddText("description", EntryText(r));
    // Readers show an item's picture from media:thumbnail (Media RSS) or
    // from an image enclosure; its length is unknown, which RSS writes as 0.
    if (const std::string cover = CoverUrl(r, doc.cover_art); !cover.empty()) {
      item.Child("media:thumbnail").Attr("url", cover);
      item.Child("enclosure").Attr("url", cover).Attr("length", "0").Attr("type", "image/jpeg");
    }
  }
  return xml.Render();
}

}  // namespace hoard::feed

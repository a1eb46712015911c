#include "feed/rss_writer.h"

#include "feed/safe_url.h"
#include "feed/xml_builder.h"

namespace hoard::feed {

std::string RenderRss(const FeedDocument& doc) {
  XmlDocument xml;
  XmlElement rss = xml.Root("rss");
  rss.Attr("version", "2.0").Attr("xmlns:atom", "http://www.w3.org/2005/Atom");
  XmlElement channel = rss.Child("channel");
  channel.AddText("title", doc.title);
  channel.AddText("link", doc.self_url.empty() ? "https://musicbrainz.org/" : doc.self_url);
  channel.AddText("description", "New releases by artists in your music collection");
  channel.AddText("generator", "hoard");
  channel.AddText("lastBuildDate", Rfc822(doc.releases.empty() ? doc.now : doc.releases.front().discovered));
  if (!doc.self_url.empty()) {
    channel.Child("atom:link").Attr("href", doc.self_url).Attr("rel", "self").Attr("type", "application/rss+xml");
  }
  for (const StoredRelease& r : doc.releases) {
    XmlElement item = channel.Child("item");
    item.AddText("title", EntryTitle(r));
    item.AddText("link", ReleaseGroupUrl(r.mbid));
    item.Child("guid").Attr("isPermaLink", "true").Text(ReleaseGroupUrl(r.mbid));
    // RSS has one link per item (MusicBrainz's); Last.fm's page goes where
    // the Atom feed has it, as an Atom related link.
    if (IsWebLink(r.lastfm_url)) {
      item.Child("atom:link").Attr("rel", "related").Attr("type", "text/html").Attr("href", r.lastfm_url);
    }
    item.AddText("pubDate", Rfc822(r.discovered));
    item.AddText("category", r.primary_type.empty() ? "Other" : r.primary_type);
    item.AddText("description", EntryText(r));
  }
  return xml.Render();
}

}  // namespace hoard::feed

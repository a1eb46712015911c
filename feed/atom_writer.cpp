#include "feed/atom_writer.h"

#include "feed/safe_url.h"
#include "feed/xml_builder.h"
#include "hoard/version.h"

namespace hoard::feed {
namespace {

void AddLink(XmlElement parent, const char* rel, std::string_view href, const char* type = nullptr) {
  XmlElement link = parent.Child("link");
  link.Attr("rel", rel).Attr("href", href);
  if (type != nullptr) link.Attr("type", type);
}

}  // namespace

std::string RenderAtom(const FeedDocument& doc) {
  XmlDocument xml;
  XmlElement feed = xml.Root("feed");
  feed.Attr("xmlns", "http://www.w3.org/2005/Atom").Attr("xmlns:media", "http://search.yahoo.com/mrss/");
  feed.AddText("id", doc.self_url.empty() ? "urn:hoard:new-releases" : doc.self_url);
  feed.AddText("title", doc.title);
  feed.AddText("updated", Rfc3339(FeedUpdated(doc)));
  feed.Child("author").AddText("name", "hoard");
  feed.Child("generator").Attr("version", kVersion).Text("hoard");
  if (!doc.self_url.empty()) AddLink(feed, "self", doc.self_url, "application/atom+xml");
  AddLink(feed, "alternate", "https://musicbrainz.org/");
  for (const FeedEntry& e : FeedEntries(doc)) {
    const StoredRelease& r = *e.release;
    XmlElement entry = feed.Child("entry");
    entry.AddText("id", e.id);
    entry.AddText("title", e.title);
    entry.AddText("updated", Rfc3339(e.updated));
    entry.Child("author").AddText("name", r.artist);
    AddLink(entry, "alternate", ReleaseGroupUrl(r.mbid), "text/html");
    if (IsWebLink(r.lastfm_url)) AddLink(entry, "related", r.lastfm_url, "text/html");
    entry.Child("category").Attr("term", r.primary_type.empty() ? "Other" : r.primary_type);
    entry.Child("summary").Attr("type", "text").Text(EntryText(r));
    if (const std::string cover = CoverUrl(r, doc.cover_art); !cover.empty()) {
      entry.Child("media:thumbnail").Attr("url", cover);
    }
  }
  return xml.Render();
}

}  // namespace hoard::feed

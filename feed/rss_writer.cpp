#include "feed/rss_writer.h"

#include <pugixml.hpp>
#include <sstream>

namespace hoard::feed {
namespace {

void AddText(pugi::xml_node parent, const char* name, std::string_view text) {
  parent.append_child(name).text().set(XmlText(text).c_str());
}

}  // namespace

std::string RenderRss(const FeedDocument& doc) {
  pugi::xml_document xml;
  pugi::xml_node rss = xml.append_child("rss");
  rss.append_attribute("version") = "2.0";
  rss.append_attribute("xmlns:atom") = "http://www.w3.org/2005/Atom";
  pugi::xml_node channel = rss.append_child("channel");
  AddText(channel, "title", doc.title);
  AddText(channel, "link", doc.self_url.empty() ? "https://musicbrainz.org/" : doc.self_url);
  AddText(channel, "description", "New releases by artists in your music collection");
  AddText(channel, "generator", "hoard");
  AddText(channel, "lastBuildDate",
          Rfc822(doc.releases.empty() ? doc.now : doc.releases.front().discovered));
  if (!doc.self_url.empty()) {
    pugi::xml_node self = channel.append_child("atom:link");
    self.append_attribute("href") = XmlText(doc.self_url).c_str();
    self.append_attribute("rel") = "self";
    self.append_attribute("type") = "application/rss+xml";
  }
  for (const StoredRelease& r : doc.releases) {
    pugi::xml_node item = channel.append_child("item");
    AddText(item, "title", EntryTitle(r));
    AddText(item, "link", ReleaseGroupUrl(r.mbid));
    pugi::xml_node guid = item.append_child("guid");
    guid.append_attribute("isPermaLink") = "true";
    guid.text().set(ReleaseGroupUrl(r.mbid).c_str());
    AddText(item, "pubDate", Rfc822(r.discovered));
    AddText(item, "category", r.primary_type.empty() ? "Other" : r.primary_type);
    AddText(item, "description", EntryText(r));
  }
  std::ostringstream out;
  xml.save(out, "  ", pugi::format_default | pugi::format_no_declaration, pugi::encoding_utf8);
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + out.str();
}

}  // namespace hoard::feed

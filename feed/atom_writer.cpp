#include "feed/atom_writer.h"

#include <pugixml.hpp>
#include <sstream>

#include "hoard/version.h"

namespace hoard::feed {
namespace {

void AddText(pugi::xml_node parent, const char* name, std::string_view text) {
  parent.append_child(name).text().set(XmlText(text).c_str());
}

void AddLink(pugi::xml_node parent, const char* rel, const std::string& href, const char* type = nullptr) {
  pugi::xml_node link = parent.append_child("link");
  link.append_attribute("rel") = rel;
  link.append_attribute("href") = XmlText(href).c_str();
  if (type != nullptr) link.append_attribute("type") = type;
}

}  // namespace

std::string RenderAtom(const FeedDocument& doc) {
  pugi::xml_document xml;
  pugi::xml_node feed = xml.append_child("feed");
  feed.append_attribute("xmlns") = "http://www.w3.org/2005/Atom";
  AddText(feed, "id", doc.self_url.empty() ? "urn:hoard:new-releases" : doc.self_url);
  AddText(feed, "title", doc.title);
  AddText(feed, "updated", Rfc3339(doc.releases.empty() ? doc.now : doc.releases.front().discovered));
  AddText(feed.append_child("author"), "name", "hoard");
  pugi::xml_node generator = feed.append_child("generator");
  generator.append_attribute("version") = kVersion;
  generator.text().set("hoard");
  if (!doc.self_url.empty()) AddLink(feed, "self", doc.self_url, "application/atom+xml");
  AddLink(feed, "alternate", "https://musicbrainz.org/");
  for (const StoredRelease& r : doc.releases) {
    pugi::xml_node entry = feed.append_child("entry");
    AddText(entry, "id", ReleaseGroupUrl(r.mbid));
    AddText(entry, "title", EntryTitle(r));
    AddText(entry, "updated", Rfc3339(r.discovered));
    AddText(entry.append_child("author"), "name", r.artist);
    AddLink(entry, "alternate", ReleaseGroupUrl(r.mbid), "text/html");
    if (!r.lastfm_url.empty()) AddLink(entry, "related", r.lastfm_url, "text/html");
    pugi::xml_node category = entry.append_child("category");
    category.append_attribute("term") = XmlText(r.primary_type.empty() ? "Other" : r.primary_type).c_str();
    pugi::xml_node summary = entry.append_child("summary");
    summary.append_attribute("type") = "text";
    summary.text().set(XmlText(EntryText(r)).c_str());
  }
  std::ostringstream out;
  xml.save(out, "  ", pugi::format_default | pugi::format_no_declaration, pugi::encoding_utf8);
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + out.str();
}

}  // namespace hoard::feed

// The one way the feeds' XML is written: a small tree over pugixml whose
// every text and attribute value goes through ValidXmlText (feed/utf8.h).
//
// pugixml escapes & < > " when it saves, but it writes any other byte as it
// got it: U+FFFE, U+FFFF, a C0 control or a broken UTF-8 sequence from an
// API answer or a tag then makes the whole feed unreadable to a strict
// parser (xmllint, most feed readers stop at the first bad character). The
// writers build their documents only through XmlElement, which has no way
// to set a text without that filter, so a feed is well-formed by
// construction. Element and attribute names must be string literals (the
// formats' own vocabulary), as in web/html.h.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace pugi {
class xml_document;
struct xml_node_struct;
}  // namespace pugi

namespace hoard::feed {

// An element of an XmlDocument; valid while the document lives.
class XmlElement {
 public:
  template <std::size_t N>
  XmlElement Child(const char (&name)[N]) {
    return AppendChild(name);
  }
  // A child element holding `text`.
  template <std::size_t N>
  XmlElement& AddText(const char (&name)[N], std::string_view text) {
    AppendChild(name).Text(text);
    return *this;
  }
  template <std::size_t N>
  XmlElement& Attr(const char (&name)[N], std::string_view value) {
    SetAttribute(name, value);
    return *this;
  }
  XmlElement& Text(std::string_view text);

 private:
  friend class XmlDocument;
  explicit XmlElement(pugi::xml_node_struct* node) : node_(node) {}
  XmlElement AppendChild(const char* name);
  void SetAttribute(const char* name, std::string_view value);

  pugi::xml_node_struct* node_;
};

class XmlDocument {
 public:
  XmlDocument();
  ~XmlDocument();
  XmlDocument(const XmlDocument&) = delete;
  XmlDocument& operator=(const XmlDocument&) = delete;

  // The document element (call once).
  template <std::size_t N>
  XmlElement Root(const char (&name)[N]) {
    return AppendRoot(name);
  }
  // The XML declaration (utf-8) and the tree, indented by two spaces.
  std::string Render() const;

 private:
  XmlElement AppendRoot(const char* name);
  std::unique_ptr<pugi::xml_document> xml_;
};

}  // namespace hoard::feed

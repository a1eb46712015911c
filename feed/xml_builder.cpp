#include "feed/xml_builder.h"

#include <pugixml.hpp>
#include <sstream>

#include "feed/xml_text.h"

namespace hoard::feed {

XmlElement& XmlElement::Text(std::string_view text) {
  pugi::xml_node(node_).text().set(ValidXmlText(text).c_str());
  return *this;
}

XmlElement XmlElement::AppendChild(const char* name) {
  return XmlElement(pugi::xml_node(node_).append_child(name).internal_object());
}

void XmlElement::SetAttribute(const char* name, std::string_view value) {
  pugi::xml_node(node_).append_attribute(name) = ValidXmlText(value).c_str();
}

XmlDocument::XmlDocument() : xml_(std::make_unique<pugi::xml_document>()) {}

XmlDocument::~XmlDocument() = default;

XmlElement XmlDocument::AppendRoot(const char* name) {
  return XmlElement(xml_->append_child(name).internal_object());
}

std::string XmlDocument::Render() const {
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  xml_->save(out, "  ", pugi::format_default | pugi::format_no_declaration, pugi::encoding_utf8);
  return out.str();
}

}  // namespace hoard::feed

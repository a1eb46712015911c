// The escaping half of the HTML builder (see html.h for why it is shaped so).
#include "web/html.h"

#include <cstring>
#include <utility>

#include "feed/xml_text.h"

namespace hoard::web {

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : feed::ValidXmlText(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string StripMarkup(std::string_view html) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&#039;", '\''}};
  std::string out;
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '<') {
      const std::size_t close = html.find('>', i);
      if (close == std::string_view::npos) break;
      i = close;
      continue;
    }
    bool decoded = false;
    if (html[i] == '&') {
      for (const auto& [entity, c] : kEntities) {
        if (html.substr(i, entity.size()) == entity) {
          out += c;
          i += entity.size() - 1;
          decoded = true;
          break;
        }
      }
    }
    if (!decoded) out += html[i];
  }
  return out;
}

Html Html::Text(std::string_view text) { return Html(EscapeHtml(text)); }

Element& Element::Text(std::string_view text) {
  children_ += EscapeHtml(text);
  return *this;
}

Element& Element::Add(const Html& child) {
  children_ += child.str();
  return *this;
}

Element& Element::Add(const Element& child) {
  children_ += child.Build().str();
  return *this;
}

Html Element::Build() const {
  static constexpr const char* kVoid[] = {"br", "hr", "img", "input", "link", "meta"};
  std::string out = "<";
  out += tag_;
  out += attrs_;
  out += '>';
  for (const char* v : kVoid) {
    if (std::strcmp(v, tag_) == 0) return Html(std::move(out));
  }
  out += children_;
  out += "</";
  out += tag_;
  out += '>';
  return Html(std::move(out));
}

Html Page(std::string_view title, const Html& body) {
  Html page = Html::Literal(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<link rel=\"stylesheet\" href=\"/static/style.css\">"
      "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"New releases\" href=\"/feed.atom\">");
  page += Element("title").Text(title);
  page += Html::Literal("<script src=\"/static/app.js\" defer></script></head><body>");
  page += Element("nav")
              .Add(Element("a").Attr("href", "/").Text("New releases"))
              .Add(Element("a").Attr("href", "/catalog").Text("Catalog"))
              .Add(Element("a").Attr("href", "/catalog/stats").Text("Stats"))
              .Add(Element("a").Attr("href", "/feed.atom").Text("Atom"))
              .Add(Element("a").Attr("href", "/feed.rss").Text("RSS"));
  page += Element("main").Add(body);
  page += Html::Literal("</body></html>\n");
  return page;
}

Reply HtmlPageReply(int status, std::string_view title, const Html& body) {
  Reply reply;
  reply.status = status;
  reply.body = Page(title, body).str();
  return reply;
}

Reply ErrorPageReply(int status, std::string_view message) {
  const char* title = status == 404 ? "Not found" : status == 403 ? "Forbidden" : status < 500 ? "Bad request" : "Error";
  return HtmlPageReply(status, title, Element("p").Attr("class", "error").Text(message));
}

}  // namespace hoard::web

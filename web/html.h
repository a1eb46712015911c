// HTML built so that user text cannot become markup.
//
// Pages are assembled from Element trees. Tag and attribute names must be
// string literals (the program's own vocabulary); every other string that
// enters a page goes through Text() or an attribute value, both of which
// escape & < > " '. There is no way to append an unescaped std::string, so a
// forgotten escape is a compile error rather than an XSS hole.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "web/reply.h"

namespace hoard::web {

// Escapes & < > " ' for text and quoted attribute values, after leaving out
// broken UTF-8 and the characters XML forbids (feed::ValidXmlText): HTML
// calls those parse errors, and the same text goes into the feeds.
std::string EscapeHtml(std::string_view text);

// Plain text from text that may hold HTML (Last.fm summaries carry links and
// entities): tags dropped, the common entities decoded. The result is text,
// still to be escaped like any other.
std::string StripMarkup(std::string_view html);

// A fragment of finished, safe markup.
class Html {
 public:
  Html() = default;
  // Escaped text.
  static Html Text(std::string_view text);
  // Markup written in the program itself: only a string literal binds here.
  template <std::size_t N>
  static Html Literal(const char (&markup)[N]) {
    return Html(std::string(markup, N - 1));
  }

  Html& operator+=(const Html& other) {
    markup_ += other.markup_;
    return *this;
  }
  const std::string& str() const { return markup_; }

 private:
  explicit Html(std::string markup) : markup_(std::move(markup)) {}
  friend class Element;
  std::string markup_;
};

class Element {
 public:
  template <std::size_t N>
  explicit Element(const char (&tag)[N]) : tag_(tag) {}

  // name must be a literal; the value is escaped.
  template <std::size_t N>
  Element& Attr(const char (&name)[N], std::string_view value) {
    attrs_ += ' ';
    attrs_ += name;
    attrs_ += "=\"";
    attrs_ += EscapeHtml(value);
    attrs_ += '"';
    return *this;
  }
  // A boolean attribute such as `selected`.
  template <std::size_t N>
  Element& Flag(const char (&name)[N], bool on = true) {
    if (on) {
      attrs_ += ' ';
      attrs_ += name;
    }
    return *this;
  }
  Element& Text(std::string_view text);
  Element& Add(const Html& child);
  Element& Add(const Element& child);

  Html Build() const;
  operator Html() const { return Build(); }  // NOLINT: elements are fragments

 private:
  const char* tag_;
  std::string attrs_;
  std::string children_;
};

// A complete document: doctype, head with title and the embedded assets, body.
Html Page(std::string_view title, const Html& body);

// Page() as a Reply with `status`; ErrorPageReply puts `message` in a
// paragraph of class "error".
Reply HtmlPageReply(int status, std::string_view title, const Html& body);
Reply ErrorPageReply(int status, std::string_view message);

}  // namespace hoard::web

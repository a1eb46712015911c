// The characters XML 1.0 allows: the one filter every text of the feeds'
// XML (xml_builder.h) and the web view's HTML passes through.
#pragma once

#include <string>
#include <string_view>

namespace hoard::feed {

// XML 1.0 (fifth edition) Char: #x9 | #xA | #xD | [#x20-#xD7FF] |
// [#xE000-#xFFFD] | [#x10000-#x10FFFF]. Not the other C0 controls, the
// surrogates, U+FFFE, U+FFFF, or anything past U+10FFFF.
bool IsXmlChar(char32_t cp);
// `utf8` as valid UTF-8 holding only XML Chars: what DecodeUtf8 skips and
// what IsXmlChar refuses are left out, the rest is encoded again (so an
// overlong sequence comes out in its one valid form).
std::string ValidXmlText(std::string_view utf8);

}  // namespace hoard::feed

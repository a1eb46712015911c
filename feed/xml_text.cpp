#include "feed/xml_text.h"

#include "base/utf8.h"

namespace hoard::feed {

bool IsXmlChar(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

std::string ValidXmlText(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (char32_t cp : DecodeUtf8(utf8)) {
    if (IsXmlChar(cp)) AppendUtf8(cp, out);
  }
  return out;
}

}  // namespace hoard::feed

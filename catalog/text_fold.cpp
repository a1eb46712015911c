// Folding uses glibc's C.UTF-8 locale through towlower_l rather than ICU: it
// covers the Unicode simple case mapping, is already on every Debian system,
// and using an explicit locale_t leaves the process-wide locale alone.
#include "catalog/text_fold.h"

#include <locale.h>
#include <wctype.h>

#include "base/utf8.h"

namespace hoard::catalog {
namespace {

locale_t Utf8Locale() {
  static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return locale;
}

}  // namespace

std::string FoldCase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  locale_t locale = Utf8Locale();
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    std::size_t length = DecodeUtf8At(text, i, cp);
    if (length == 0) {
      out += text[i++];
      continue;
    }
    if (cp < 0x80) {
      out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
    } else if (locale != static_cast<locale_t>(0)) {
      AppendUtf8(static_cast<char32_t>(towlower_l(static_cast<wint_t>(cp), locale)), out);
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

}  // namespace hoard::catalog

// Folding is table-driven over the code points our users' tags actually use
// (see the header); a table is a few hundred bytes where ICU would be a new
// 30 MB dependency for the same answers on these ranges.
#include "feed/title_normalizer.h"

#include <array>
#include <string_view>

#include "base/utf8.h"

namespace hoard::feed {
namespace {

// Base letters of U+00C0..U+00FF, lower case; "" marks the two symbols (× ÷).
constexpr std::array<std::string_view, 64> kLatin1 = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y"};

// U+0100..U+017F as runs of (count, base letter), in code point order.
struct Run {
  int count;
  std::string_view base;
};
constexpr std::array<Run, 23> kLatinExtendedA = {{
    {6, "a"},  {8, "c"}, {4, "d"},  {10, "e"}, {8, "g"},  {4, "h"},  {10, "i"},
    {2, "ij"}, {2, "j"}, {3, "k"},  {10, "l"}, {7, "n"},  {2, "n"},  {6, "o"},
    {2, "oe"}, {6, "r"}, {8, "s"},  {6, "t"},  {12, "u"}, {2, "w"},  {3, "y"},
    {6, "z"},  {1, "s"},
}};

std::string_view LatinExtendedABase(char32_t cp) {
  int offset = static_cast<int>(cp - 0x100);
  for (const Run& run : kLatinExtendedA) {
    if (offset < run.count) return run.base;
    offset -= run.count;
  }
  return {};
}

bool IsApostrophe(char32_t cp) {
  return cp == U'\'' || cp == U'`' || cp == 0x2018 || cp == 0x2019 || cp == 0x02BC ||
         cp == 0x00B4;
}

bool IsSpace(char32_t cp) {
  return cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == 0x00A0 ||
         (cp >= 0x2000 && cp <= 0x200B) || cp == 0x3000;
}

// Punctuation and symbols that never carry a title's identity.
bool IsPunctuation(char32_t cp) {
  if (cp < 0x80) {
    return !((cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') ||
             (cp >= U'0' && cp <= U'9') || cp == U' ');
  }
  return (cp >= 0x00A1 && cp <= 0x00BF) || cp == 0x00D7 || cp == 0x00F7 ||
         (cp >= 0x2010 && cp <= 0x205E) || (cp >= 0x3001 && cp <= 0x3003) ||
         (cp >= 0x3008 && cp <= 0x301F) || cp == 0x30FB || (cp >= 0xFF5F && cp <= 0xFF65);
}

// Appends the folded form of one code point.
void FoldCodePoint(char32_t cp, std::string& out) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
  if (cp == 0x3000) cp = U' ';
  if (cp >= U'A' && cp <= U'Z') {
    out.push_back(static_cast<char>(cp + 32));
  } else if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp >= 0xC0 && cp <= 0xFF && !kLatin1[cp - 0xC0].empty()) {
    out += kLatin1[cp - 0xC0];
  } else if (cp >= 0x100 && cp <= 0x17F) {
    out += LatinExtendedABase(cp);
  } else if ((cp >= 0x391 && cp <= 0x3A9) || (cp >= 0x410 && cp <= 0x42F)) {
    AppendUtf8(cp + 0x20, out);  // Greek and Cyrillic capitals
  } else if (cp >= 0x400 && cp <= 0x40F) {
    AppendUtf8(cp + 0x50, out);
  } else {
    AppendUtf8(cp, out);
  }
}

constexpr std::array<std::string_view, 9> kEditionWords = {
    "deluxe", "edition", "remaster", "expanded", "anniversary",
    "reissue", "bonus", "collector", "legacy"};

bool NamesAnEdition(std::string_view text) {
  for (std::string_view word : kEditionWords) {
    if (text.find(word) != std::string_view::npos) return true;
  }
  return false;
}

std::string_view TrimRight(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Replaces "&" by " and ", drops apostrophes, turns other punctuation into
// spaces, collapses runs of spaces and trims.
std::string Squeeze(std::string_view folded) {
  std::string spaced;
  for (char32_t cp : DecodeUtf8(folded)) {
    if (cp == U'&') {
      spaced += " and ";
    } else if (IsApostrophe(cp)) {
      continue;
    } else if (IsSpace(cp) || IsPunctuation(cp)) {
      spaced.push_back(' ');
    } else {
      AppendUtf8(cp, spaced);
    }
  }
  std::string out;
  for (char c : spaced) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::string FoldCase(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (char32_t cp : DecodeUtf8(utf8)) FoldCodePoint(cp, out);
  return out;
}

std::string StripEditionTags(std::string_view folded) {
  std::string_view text = TrimRight(folded);
  for (;;) {
    std::string_view stripped = text;
    const char close = text.empty() ? '\0' : text.back();
    if (close == ')' || close == ']') {
      const size_t open = text.rfind(close == ')' ? '(' : '[');
      if (open != std::string_view::npos && open > 0 &&
          NamesAnEdition(text.substr(open, text.size() - open))) {
        stripped = TrimRight(text.substr(0, open));
      }
    } else if (const size_t dash = text.rfind(" - ");
               dash != std::string_view::npos && dash > 0 && NamesAnEdition(text.substr(dash))) {
      stripped = TrimRight(text.substr(0, dash));
    }
    if (stripped.size() == text.size()) return std::string(text);
    text = stripped;
  }
}

std::string NormalizeTitle(std::string_view utf8) {
  return Squeeze(StripEditionTags(FoldCase(utf8)));
}

std::string NormalizeArtistName(std::string_view utf8) {
  std::string folded = FoldCase(utf8);
  std::string_view view = TrimRight(folded);
  if (view.ends_with(", the")) view.remove_suffix(5);
  std::string key = Squeeze(view);
  if (key.starts_with("the ") && key.size() > 4) key.erase(0, 4);
  return key;
}

}  // namespace hoard::feed

// The one UTF-8 codec (base/utf8.h), table-driven.
#include "base/utf8.h"

#include <gtest/gtest.h>

namespace hoard {
namespace {

TEST(Utf8, DecodesEachSequenceAndSkipsWhatIsNotOne) {
  struct Case {
    std::string in;
    std::u32string out;
  };
  const Case cases[] = {
      {"", U""},
      {"abc", U"abc"},
      {"G\xc3\xb6teborg", U"G\u00f6teborg"},
      {"\xe2\x82\xac", U"\u20ac"},
      {"\xf0\x9f\x8e\xb5", U"\U0001F3B5"},
      {"a\x80" "b", U"ab"},            // a stray continuation byte
      {"a\xc3", U"a"},                 // cut at the end
      {"\xe2\x82" "x", U"x"},          // cut before another character: each byte skipped alone
      {"\xff\xfe" "ok", U"ok"},        // bytes that never lead
      {std::string("nul\0in", 6), std::u32string(U"nul\0in", 6)},
  };
  for (const Case& c : cases) EXPECT_EQ(c.out, DecodeUtf8(c.in)) << c.in;
}

TEST(Utf8, DecodeAtGivesTheLengthOrZero) {
  char32_t cp = 0;
  EXPECT_EQ(2u, DecodeUtf8At("\xc3\xb6x", 0, cp));
  EXPECT_EQ(U'\u00f6', cp);
  EXPECT_EQ(1u, DecodeUtf8At("\xc3\xb6x", 2, cp));
  EXPECT_EQ(U'x', cp);
  EXPECT_EQ(0u, DecodeUtf8At("\xc3", 0, cp));
  EXPECT_EQ(U'x', cp);  // untouched
}

TEST(Utf8, EncodesEveryLengthAndRoundTrips) {
  const std::u32string text = U"a\u00f6\u20ac\U0001F3B5";
  EXPECT_EQ("a\xc3\xb6\xe2\x82\xac\xf0\x9f\x8e\xb5", EncodeUtf8(text));
  EXPECT_EQ(text, DecodeUtf8(EncodeUtf8(text)));
}

}  // namespace
}  // namespace hoard

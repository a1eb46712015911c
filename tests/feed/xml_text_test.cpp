// The XML character filter (feed/xml_text.h), table-driven.
#include "feed/xml_text.h"

#include <gtest/gtest.h>

namespace hoard::feed {
namespace {

TEST(IsXmlChar, FollowsTheCharProductionOfXml10) {
  for (char32_t cp : {0x9, 0xA, 0xD, 0x20, 0x7F, 0x85, 0xD7FF, 0xE000, 0xFDD0, 0xFFFD, 0x10000, 0x1F3B5, 0x10FFFF}) {
    EXPECT_TRUE(IsXmlChar(cp)) << std::hex << static_cast<unsigned>(cp);
  }
  for (char32_t cp : {0x0, 0x1, 0x8, 0xB, 0xC, 0x1F, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xFFFE, 0xFFFF, 0x110000}) {
    EXPECT_FALSE(IsXmlChar(cp)) << std::hex << static_cast<unsigned>(cp);
  }
}

TEST(ValidXmlText, LeavesOutWhatXmlCannotCarryAndKeepsTheRest) {
  const struct {
    const char* in;
    const char* out;
  } cases[] = {
      {"plain & <markup>", "plain & <markup>"},
      {"tab\tnewline\ncr\r", "tab\tnewline\ncr\r"},
      {"a\x01" "b\x1F" "c\x7F", "abc\x7F"},
      {"U+FFFE \xEF\xBF\xBE U+FFFF \xEF\xBF\xBF", "U+FFFE  U+FFFF "},
      {"U+FFFD \xEF\xBF\xBD kept", "U+FFFD \xEF\xBF\xBD kept"},
      {"surrogate \xED\xA0\x80 gone", "surrogate  gone"},
      {"past U+10FFFF \xF4\x90\x80\x80 gone", "past U+10FFFF  gone"},
      {"bad byte \xFF and stray \x80 gone", "bad byte  and stray  gone"},
      {"truncated \xE2\x82", "truncated "},
      {"overlong NUL \xC0\x80 gone", "overlong NUL  gone"},
      {"overlong slash \xC0\xAF re-encoded", "overlong slash / re-encoded"},
      {"\xC3\xA5sa \xF0\x9F\x8E\xB5 \xE5\x91\xA8", "\xC3\xA5sa \xF0\x9F\x8E\xB5 \xE5\x91\xA8"},
  };
  for (const auto& c : cases) EXPECT_EQ(ValidXmlText(c.in), c.out) << c.in;
  EXPECT_EQ(ValidXmlText(std::string("nul\0inside", 10)), "nulinside");
}

}  // namespace
}  // namespace hoard::feed

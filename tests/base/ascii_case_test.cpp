// ASCII case (base/ascii_case.h): only A-Z change; other bytes compare as they are.
#include "base/ascii_case.h"

#include <gtest/gtest.h>

namespace hoard {
namespace {

TEST(AsciiCase, FoldsAsciiLettersOnly) {
  EXPECT_EQ("music.example.org", AsciiLower("Music.EXAMPLE.org"));
  EXPECT_EQ("\xc3\x85sa", AsciiLower("\xc3\x85SA"));  // Å stays as it is
  EXPECT_TRUE(EqualsIgnoringAsciiCase("Retry-After:", "retry-after:"));
  EXPECT_FALSE(EqualsIgnoringAsciiCase("retry-after", "retry-after:"));
  EXPECT_TRUE(StartsWithIgnoringAsciiCase("HTTPS://x", "https://"));
  EXPECT_FALSE(StartsWithIgnoringAsciiCase("http", "https://"));
  EXPECT_TRUE(EndsWithIgnoringAsciiCase("Fixtures, THE", ", the"));
  EXPECT_FALSE(EndsWithIgnoringAsciiCase("the", ", the"));
}

}  // namespace
}  // namespace hoard

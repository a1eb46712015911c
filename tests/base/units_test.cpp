#include "base/units.h"

#include <gtest/gtest.h>

namespace hoard {
namespace {

TEST(ParseSize, AcceptsBinarySuffixes) {
  static const struct {
    const char* in;
    std::uint64_t want;
  } cases[] = {
      {"0", 0},
      {"4096", 4096},
      {"512k", 512ull << 10},
      {"2M", 2ull << 20},
      {"20G", 20ull << 30},
      {"20GiB", 20ull << 30},
      {"20gb", 20ull << 30},
      {"1.5T", 3ull << 39},
      {"100B", 100},
  };
  for (const auto& c : cases) {
    auto got = ParseSize(c.in);
    ASSERT_TRUE(got.ok()) << c.in << ": " << got.status().ToString();
    EXPECT_EQ(*got, c.want) << c.in;
  }
}

TEST(ParseSize, RejectsGarbage) {
  for (const char* in : {"", "G", "-1G", "12X", "12GG", "1e400", "nan"}) {
    auto got = ParseSize(in);
    EXPECT_FALSE(got.ok()) << in;
    if (!got.ok()) {
      EXPECT_NE(got.status().message().find("invalid size"), std::string::npos);
    }
  }
}

TEST(ParseDuration, AcceptsUnits) {
  static const struct {
    const char* in;
    long long want;
  } cases[] = {{"45", 45}, {"90s", 90}, {"15m", 900}, {"12h", 43200}, {"7d", 604800}, {"2w", 1209600}};
  for (const auto& c : cases) {
    auto got = ParseDuration(c.in);
    ASSERT_TRUE(got.ok()) << c.in;
    EXPECT_EQ(got->count(), c.want) << c.in;
  }
}

TEST(ParseDuration, RejectsGarbage) {
  for (const char* in : {"", "d", "-5s", "1.5h", "7days", "99999999999999999999d"}) {
    EXPECT_FALSE(ParseDuration(in).ok()) << in;
  }
}

}  // namespace
}  // namespace hoard

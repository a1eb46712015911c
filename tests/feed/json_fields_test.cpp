// Reading the web services' JSON fields (feed/json_fields.h), table-driven.
#include "feed/json_fields.h"

#include <gtest/gtest.h>

namespace hoard::feed {
namespace {

using nlohmann::json;

TEST(IntegerIn, TakesNumbersAndDecimalStringsWithinTheRangeOnly) {
  const struct {
    const char* value;  // JSON text
    std::optional<long long> expected;
  } cases[] = {
      {"42", 42},
      {"-7", -7},
      {"\"100\"", 100},
      {"\"+5\"", 5},
      {"\"-3\"", -3},
      {"99.9", 99},
      {"101", std::nullopt},
      {"\"101\"", std::nullopt},
      {"\"9999999999999999999999\"", std::nullopt},
      {"18446744073709551615", std::nullopt},
      {"1e300", std::nullopt},
      {"-1e300", std::nullopt},
      {"\"\"", std::nullopt},
      {"\"+\"", std::nullopt},
      {"\"12 \"", std::nullopt},
      {"\" 12\"", std::nullopt},
      {"\"0x10\"", std::nullopt},
      {"\"1.5\"", std::nullopt},
      {"null", std::nullopt},
      {"true", std::nullopt},
      {"[1]", std::nullopt},
      {"{}", std::nullopt},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(IntegerIn(json::parse(c.value), -100, 100), c.expected) << c.value;
  }
}

TEST(IntegerAt, IsMissingForAnAbsentKeyOrANonObject) {
  EXPECT_EQ(IntegerAt(json::parse(R"({"n":"12"})"), "n", 0, 20), 12);
  EXPECT_EQ(IntegerAt(json::parse(R"({"m":"12"})"), "n", 0, 20), std::nullopt);
  EXPECT_EQ(IntegerAt(json::parse(R"([12])"), "n", 0, 20), std::nullopt);
}

TEST(StringAt, IsEmptyUnlessTheFieldIsAString) {
  const json doc = json::parse(R"({"s":"text","n":1,"z":null})");
  EXPECT_EQ(StringAt(doc, "s"), "text");
  EXPECT_EQ(StringAt(doc, "n"), "");
  EXPECT_EQ(StringAt(doc, "z"), "");
  EXPECT_EQ(StringAt(doc, "absent"), "");
  EXPECT_EQ(StringAt(json::parse("[\"s\"]"), "s"), "");
}

TEST(Elements, IteratesAnArrayOrOneBareObject) {
  EXPECT_EQ(Elements(json::parse(R"([{"a":1},{"a":2}])")).size(), 2u);
  EXPECT_EQ(Elements(json::parse(R"({"a":1})")).size(), 1u);
  EXPECT_TRUE(Elements(json::parse(R"("text")")).empty());
  EXPECT_TRUE(Elements(json::parse("null")).empty());
}

}  // namespace
}  // namespace hoard::feed

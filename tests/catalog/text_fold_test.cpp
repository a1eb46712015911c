#include "catalog/text_fold.h"

#include <gtest/gtest.h>

namespace hoard::catalog {
namespace {

TEST(TextFold, Cases) {
  struct {
    const char* in;
    const char* out;
  } cases[] = {
      {"ÅSA Öberg", "åsa öberg"}, {"ÆØÅ", "æøå"},       {"ΣΊΣΥΦΟΣ", "σίσυφοσ"},
      {"ДДТ", "ддт"},             {"ABC xyz 123", "abc xyz 123"}, {"", ""},
      {"\xff\xfe bad", "\xff\xfe bad"},  // invalid UTF-8 passes through
      {"日本", "日本"},
  };
  for (const auto& c : cases) EXPECT_EQ(c.out, FoldCase(c.in)) << c.in;
}

}  // namespace
}  // namespace hoard::catalog

// Expected values computed with CPython 3.11's difflib:
//   difflib.SequenceMatcher(None, a, b).ratio()
#include "feed/similarity.h"

#include <gtest/gtest.h>

#include <string>

namespace hoard::feed {
namespace {

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(SimilarityRatio, MatchesDifflib) {
  static const struct {
    const char* a;
    const char* b;
    double ratio;
  } cases[] = {
      {"", "", 1.0},
      {"abc", "", 0.0},
      {"believe", "beleive", 0.8571428571428571},
      {"abcd", "bcde", 0.75},
      {"the wall", "the wal", 0.9333333333333333},
      {"göteborg", "goteborg", 0.875},
      {"längtan", "langtan", 0.8571428571428571},
      {"七里香", "七里香", 1.0},
      {"魔杰座", "我很忙", 0.0},
      {"kitten", "sitting", 0.6153846153846154},
      {"abxcd", "abcd", 0.8888888888888888},
      {"private dancer", "privat dancer", 0.9629629629629629},
      {"in the zone", "in the zone live", 0.8148148148148148},
      {"oops i did it again", "oops i did it agian", 0.9473684210526315},
      {"femme fatale", "fem fatale", 0.9090909090909091},
      {"from flykt till kamp", "fran flykt till kamp", 0.9},
  };
  for (const auto& c : cases) EXPECT_DOUBLE_EQ(SimilarityRatio(std::string(c.a), std::string(c.b)), c.ratio)
      << c.a << " / " << c.b;
}

// With 200+ elements in b, difflib junks "popular" elements; a plain LCS would
// give 0.9556, 0.6 and 0.9958 for these.
TEST(SimilarityRatio, FollowsDifflibAutojunkForLongStrings) {
  const std::string fox_a = Repeat("the quick brown fox jumps over the lazy dog ", 6);
  const std::string fox_b = Repeat("the quick brown fox jumped over the lazy dogs ", 6);
  EXPECT_DOUBLE_EQ(SimilarityRatio(fox_a, fox_b), 0.08888888888888889);
  EXPECT_DOUBLE_EQ(SimilarityRatio(std::string(150, 'a') + std::string(100, 'b'),
                                   std::string(100, 'b') + std::string(150, 'a')),
                   0.0);
  EXPECT_DOUBLE_EQ(SimilarityRatio(Repeat("ab", 120), Repeat("ba", 120)), 0.0);
  const std::string lorem = Repeat("lorem ipsum dolor sit amet ", 8) + "lorem ipsum dolor sit amet";
  EXPECT_DOUBLE_EQ(SimilarityRatio(std::string(10, 'x') + lorem, lorem + std::string(10, 'y')), 0.0);
  // Popular elements still extend a match started by a rare one.
  const std::string sym_a =
      Repeat("symphony no. 9 in d minor, op. 125 'choral': iv. presto - allegro assai ", 3);
  const std::string sym_b =
      Repeat("symphony no. 9 in d minor, op. 125 choral: iv. presto \u2013 allegro assai ", 3);
  EXPECT_DOUBLE_EQ(SimilarityRatio(sym_a, sym_b), 0.971830985915493);
}

TEST(SimilarityRatio, JustBelowTheAutojunkLengthIsExact) {
  // 199 elements in b: no autojunk, every common character counts.
  const std::string a(199, 'a');
  EXPECT_DOUBLE_EQ(SimilarityRatio(a, a), 1.0);
}

}  // namespace
}  // namespace hoard::feed

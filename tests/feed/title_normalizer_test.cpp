#include "feed/title_normalizer.h"

#include <gtest/gtest.h>

namespace hoard::feed {
namespace {

TEST(FoldCase, LowersAndDropsAccents) {
  static const struct {
    const char* in;
    const char* out;
  } cases[] = {
      {"Längtan", "langtan"},
      {"Från flykt till kamp", "fran flykt till kamp"},
      {"GÖTEBORG", "goteborg"},
      {"Åsa Ängel Öl", "asa angel ol"},
      {"Straße", "strasse"},
      {"Æon Œuvre", "aeon oeuvre"},
      {"Øresund Þorn", "oresund thorn"},
      {"Łódź Żółć", "lodz zolc"},
      {"Dvořák Ščerbić", "dvorak scerbic"},
      {"Beyoncé Ñandú", "beyonce nandu"},
      {"ＡＢＣ１２３", "abc123"},
      {"ΑΒΓ КИНО", "αβγ кино"},
      {"七里香", "七里香"},
      {"哎呦, 不錯哦", "哎呦, 不錯哦"},
  };
  for (const auto& c : cases) EXPECT_EQ(FoldCase(c.in), c.out) << c.in;
}

TEST(FoldCase, DropsInvalidUtf8) { EXPECT_EQ(FoldCase("a\xff\xc3" "b"), "ab"); }

TEST(NormalizeTitle, RemovesEditionTagsPunctuationAndSpaces) {
  static const struct {
    const char* in;
    const char* out;
  } cases[] = {
      {"Believe (Deluxe Edition)", "believe"},
      {"Believe [Remastered]", "believe"},
      {"Believe (2011 Remaster)", "believe"},
      {"Believe (Expanded)", "believe"},
      {"Believe (25th Anniversary Edition) [Remastered]", "believe"},
      {"Believe - 2009 Remastered Version", "believe"},
      {"Believe (Super Deluxe)", "believe"},
      {"Live (Part 2)", "live part 2"},
      {"Rock & Roll", "rock and roll"},
      {"Oops!…I Did It Again", "oops i did it again"},
      {"  Don't   Stop  ", "dont stop"},
      {"Partners: 周杰倫 方文山聯手創作精選", "partners 周杰倫 方文山聯手創作精選"},
      {"哎呦, 不錯哦", "哎呦 不錯哦"},
      {"「七里香」", "七里香"},
      {"Göteborg", "goteborg"},
      {"(Deluxe Edition)", "deluxe edition"},
      {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(NormalizeTitle(c.in), c.out) << c.in;
}

TEST(NormalizeArtistName, HandlesTheAndPunctuation) {
  EXPECT_EQ(NormalizeArtistName("The Beatles"), "beatles");
  EXPECT_EQ(NormalizeArtistName("Beatles, The"), "beatles");
  EXPECT_EQ(NormalizeArtistName("AC/DC"), "ac dc");
  EXPECT_EQ(NormalizeArtistName("Simon & Garfunkel"), "simon and garfunkel");
  EXPECT_EQ(NormalizeArtistName("Man o' War"), "man o war");
  EXPECT_EQ(NormalizeArtistName("周杰倫"), "周杰倫");
  EXPECT_EQ(NormalizeArtistName("Live (Deluxe Edition)"), "live deluxe edition");
  EXPECT_EQ(NormalizeArtistName("The The"), "the");
}

}  // namespace
}  // namespace hoard::feed

#include "feed/release_filter.h"

#include <gtest/gtest.h>

namespace hoard::feed {
namespace {

ReleaseGroup Group(std::string title, std::string primary = "Album", std::vector<std::string> secondary = {},
                   std::string date = "2020", std::string id = "rg") {
  return {std::move(id), std::move(title), std::move(primary), std::move(secondary), std::move(date)};
}

TEST(ParseReleaseDate, AllShapes) {
  static const struct {
    const char* in;
    int year, month, day;
  } cases[] = {
      {"", 0, 0, 0},          {"2001", 2001, 0, 0},   {"2001-12", 2001, 12, 0}, {"2012-12-28", 2012, 12, 28},
      {"20", 0, 0, 0},        {"2001-13", 0, 0, 0},   {"2001-1", 0, 0, 0},      {"abcd", 0, 0, 0},
      {"2001-12-28x", 0, 0, 0}, {"0000", 0, 0, 0},
  };
  for (const auto& c : cases) {
    const ReleaseDate d = ParseReleaseDate(c.in);
    EXPECT_EQ(d.year, c.year) << c.in;
    EXPECT_EQ(d.month, c.month) << c.in;
    EXPECT_EQ(d.day, c.day) << c.in;
  }
  EXPECT_TRUE(ParseReleaseDate("").undated());
}

TEST(TypeFilter, DefaultIsStudioAlbumsOnly) {
  const TypeFilter f;
  EXPECT_TRUE(f.Accepts(Group("A")));
  EXPECT_TRUE(f.Accepts(Group("A", "album")));
  EXPECT_FALSE(f.Accepts(Group("A", "Album", {"Live"})));
  EXPECT_FALSE(f.Accepts(Group("A", "EP")));
  EXPECT_FALSE(f.Accepts(Group("A", "")));  // null primary type
}

TEST(TypeFilter, ConfiguredTypes) {
  const TypeFilter f{{"Album", "EP", "Other"}, {"Live", "Compilation"}};
  EXPECT_TRUE(f.Accepts(Group("A", "EP")));
  EXPECT_TRUE(f.Accepts(Group("A", "Album", {"Live"})));
  EXPECT_TRUE(f.Accepts(Group("A", "Album", {"Live", "Compilation"})));
  EXPECT_FALSE(f.Accepts(Group("A", "Album", {"Live", "Soundtrack"})));
  EXPECT_TRUE(f.Accepts(Group("A", "", {"Compilation"})));  // null counts as Other
  EXPECT_FALSE(f.Accepts(Group("A", "Single")));
}

TEST(FindOwnedAlbum, ByReleaseGroupIdFirst) {
  const OwnedArtist artist{"Cher", "", 10, {{"Something Else Entirely", 1998, "rg-believe"}}};
  EXPECT_NE(FindOwnedAlbum(Group("Believe", "Album", {}, "1998", "rg-believe"), artist, 0.9), nullptr);
  EXPECT_EQ(FindOwnedAlbum(Group("Something Else Entirely", "Album", {}, "1998", "rg-other"), artist, 0.9),
            nullptr);
}

TEST(FindOwnedAlbum, EditionVariantsAndTyposAreOwned) {
  const OwnedArtist artist{"X", "", 30,
                           {{"Believe (Deluxe Edition)", 1998, ""},
                            {"Oops I Did It Agian", 2000, ""},
                            {"Goteborg [Remastered]", 2003, ""},
                            {"Fran flykt till kamp", 1998, ""},
                            {"七里香", 2004, ""},
                            {"Rock and Roll (2011 Remaster)", 2011, ""}}};
  for (const char* title : {"Believe", "Oops!…I Did It Again", "Göteborg", "Från flykt till kamp", "七里香",
                            "Rock & Roll", "BELIEVE (Expanded)"}) {
    EXPECT_NE(FindOwnedAlbum(Group(title), artist, 0.9), nullptr) << title;
  }
  for (const char* title : {"Belief", "Circus", "我很忙", "Rock & Roll Part 2", "Göteborg Live"}) {
    EXPECT_EQ(FindOwnedAlbum(Group(title), artist, 0.9), nullptr) << title;
  }
}

TEST(NewestOwnedYear, IgnoresUndated) {
  EXPECT_EQ(NewestOwnedYear({"X", "", 0, {{"a", 2001, ""}, {"b", 0, ""}, {"c", 2010, ""}}}), 2010);
  EXPECT_EQ(NewestOwnedYear({"X", "", 0, {{"a", 0, ""}}}), 0);
}

}  // namespace
}  // namespace hoard::feed

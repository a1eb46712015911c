// The directory-layout fallback (catalog/layout_parser.h): ParseLayout over
// one relative path, as the indexer hands it every file it finds. Paths are
// file names from the disk, so any byte but '/' may be in a part.
//
// Invariants beyond not crashing:
//   - what a part gives has no '_' (spaces) and no '/'; the artist is also
//     the album artist; numbers stay within their digits (track and disc
//     0..999, year 0..9999); a path with any part has a title;
//   - slashes at either end or doubled change nothing;
//   - a folder added in front only fills fields the path left empty: the
//     layout is read from the end;
//   - FillFromLayout names exactly the fields it filled, and a second fill
//     fills nothing.
#include <string>

#include "catalog/layout_parser.h"
#include "tests/fuzz/fuzz_check.h"

namespace hoard::catalog {
namespace {

bool Same(const TrackFields& a, const TrackFields& b) {
  return a.artist == b.artist && a.albumartist == b.albumartist && a.album == b.album && a.title == b.title &&
         a.track == b.track && a.disc == b.disc && a.year == b.year;
}

void CheckText(const std::string& text) {
  FUZZ_CHECK(text.find('_') == std::string::npos);
  FUZZ_CHECK(text.find('/') == std::string::npos);
}

// Every field `outer` shares with `inner` is `inner`'s where `inner` has it.
void CheckKeeps(const TrackFields& inner, const TrackFields& outer) {
  auto keeps_text = [](const std::string& a, const std::string& b) { return a.empty() || a == b; };
  auto keeps_number = [](std::optional<int> a, std::optional<int> b) { return !a || a == b; };
  FUZZ_CHECK(keeps_text(inner.artist, outer.artist));
  FUZZ_CHECK(keeps_text(inner.album, outer.album));
  FUZZ_CHECK(keeps_text(inner.title, outer.title));
  FUZZ_CHECK(keeps_number(inner.track, outer.track));
  FUZZ_CHECK(keeps_number(inner.disc, outer.disc));
  FUZZ_CHECK(keeps_number(inner.year, outer.year));
}

}  // namespace
}  // namespace hoard::catalog

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hoard::catalog;
  const std::string path(hoard::fuzz::AsText(data, size));
  const TrackFields layout = ParseLayout(path);

  for (const std::string* text : {&layout.artist, &layout.album, &layout.title}) CheckText(*text);
  FUZZ_CHECK(layout.artist == layout.albumartist);
  FUZZ_CHECK(!layout.track || (*layout.track >= 0 && *layout.track <= 999));
  FUZZ_CHECK(!layout.disc || (*layout.disc >= 0 && *layout.disc <= 999));
  FUZZ_CHECK(!layout.year || (*layout.year >= 0 && *layout.year <= 9999));
  FUZZ_CHECK(layout.title.empty() == (path.find_first_not_of('/') == std::string::npos));
  FUZZ_CHECK(!layout.year || !layout.album.empty());
  FUZZ_CHECK(layout.artist.empty() || !layout.album.empty());

  FUZZ_CHECK(Same(layout, ParseLayout("/" + path + "/")));
  std::string doubled;
  for (char c : path) {
    doubled += c;
    if (c == '/') doubled += '/';
  }
  FUZZ_CHECK(Same(layout, ParseLayout(doubled)));
  CheckKeeps(layout, ParseLayout("Outer_Folder/" + path));

  TrackFields tags;
  tags.title = "From the tag";
  const std::vector<std::string> filled = FillFromLayout(layout, tags);
  FUZZ_CHECK(tags.title == "From the tag");
  std::size_t expected = 0;
  for (const std::string* text : {&layout.artist, &layout.albumartist, &layout.album}) expected += !text->empty();
  for (std::optional<int> number : {layout.year, layout.track, layout.disc}) expected += number.has_value();
  FUZZ_CHECK(filled.size() == expected);
  FUZZ_CHECK(FillFromLayout(layout, tags).empty());
  return 0;
}

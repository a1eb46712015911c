// The Cover Art Archive parser (feed/cover_art_client.h): ParseFrontThumbnail
// over one release-group body, as the archive (or anything pretending to be
// it) sends it. Seeded from the project's scenario in
// tests/data/api/coverartarchive.
//
// Invariants beyond "never throws, never crashes":
//   - a failure says why;
//   - the URL kept is "" or a web link (feed/safe_url.h: what the feeds and
//     the web view may put in a src) whose scheme is https, in any case (a
//     page served over https must not load mixed content);
//   - it can be written as JSON again, and written back in the archive's
//     shape as the front image's "250" thumbnail parses to the same URL.
#include <nlohmann/json.hpp>

#include "base/ascii_case.h"
#include "feed/cover_art_client.h"
#include "feed/safe_url.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using nlohmann::json;
  const std::string_view body = hoard::fuzz::AsText(data, size);
  auto url = hoard::feed::ParseFrontThumbnail(body);
  if (!url.ok()) {
    FUZZ_CHECK(!url.status().message().empty());
    return 0;
  }
  if (url->empty()) return 0;
  FUZZ_CHECK(hoard::feed::IsWebLink(*url));
  FUZZ_CHECK(hoard::StartsWithIgnoringAsciiCase(*url, "https://"));
  const json image = {{"front", true}, {"thumbnails", {{"250", *url}}}};
  const std::string written = json{{"images", json::array({image})}}.dump();
  auto again = hoard::feed::ParseFrontThumbnail(written);
  FUZZ_CHECK(again.ok() && *again == *url);
  return 0;
}

// hoard-tag-scan: a scanner that reads a music tree the way mpd, beets,
// Navidrome or Jellyfin do, for the WAN benchmark (scripts/bench/fs-wan,
// issue 15): one thread, in order, one file at a time.
//
//   hoard-tag-scan DIR
//
// Walks DIR depth first, each directory's entries in name order; for every
// regular file with an audio extension TagLib knows (.flac .mp3 .ogg .opus
// .m4a .wav .wv .ape .mpc), stats it, opens it with TagLib::FileRef
// (audio properties, average accuracy), reads artist, album, title and
// length, and closes it before the next. No posix_fadvise, no threads:
// exactly what the kernel and the filesystem see from such a program.
// Prints "N files, M with tags, S bytes" to stdout; exits 1 when DIR
// cannot be walked.
#include <taglib/fileref.h>
#include <taglib/tag.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <system_error>
#include <vector>

namespace {

namespace fs = std::filesystem;

const std::set<std::string> kAudio = {".flac", ".mp3", ".ogg", ".opus", ".m4a", ".wav", ".wv", ".ape", ".mpc"};

struct Totals {
  long files = 0, tagged = 0;
  unsigned long long bytes = 0;
};

bool Scan(const fs::path& dir, Totals& totals) {
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
  if (ec) {
    std::fprintf(stderr, "hoard-tag-scan: %s: %s\n", dir.c_str(), ec.message().c_str());
    return false;
  }
  std::sort(entries.begin(), entries.end());
  for (const fs::directory_entry& e : entries) {
    if (e.is_directory(ec) && !e.is_symlink(ec)) {
      if (!Scan(e.path(), totals)) return false;
      continue;
    }
    std::string ext = e.path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!e.is_regular_file(ec) || kAudio.count(ext) == 0) continue;
    ++totals.files;
    totals.bytes += e.file_size(ec);
    TagLib::FileRef ref(e.path().c_str(), true, TagLib::AudioProperties::Average);
    if (ref.isNull() || ref.tag() == nullptr) continue;
    const TagLib::Tag& tag = *ref.tag();
    const bool has = !tag.artist().isEmpty() || !tag.album().isEmpty() || !tag.title().isEmpty();
    if (has && ref.audioProperties() != nullptr && ref.audioProperties()->lengthInMilliseconds() >= 0) ++totals.tagged;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: hoard-tag-scan DIR\n");
    return 2;
  }
  Totals totals;
  if (!Scan(argv[1], totals)) return 1;
  std::printf("%ld files, %ld with tags, %llu bytes\n", totals.files, totals.tagged, totals.bytes);
  return 0;
}

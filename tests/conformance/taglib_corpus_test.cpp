// Every file of TagLib's own odd and broken test corpus (<shared>/corpus/taglib):
// reading never crashes or hangs, and what is read is sane. Each file is read
// in a child process with a deadline, so a crash or hang names the file
// instead of killing the suite.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "catalog/catalog_reader.h"
#include "catalog/tag_reader.h"
#include "tests/catalog/catalog_fixture.h"
#include "tests/conformance/conformance.h"

namespace hoard::catalog {
namespace {

namespace fs = std::filesystem;

constexpr auto kPerFileDeadline = std::chrono::seconds(10);

// "ok", "crashed (signal N)" or "hung".
std::string ReadInChild(const fs::path& file) {
  pid_t pid = fork();
  if (pid == 0) {
    std::error_code ec;
    auto size = fs::file_size(file, ec);
    auto read = ReadTags(file.string(), ec ? 0 : static_cast<std::int64_t>(size));
    _exit(read.ok() ? 0 : 1);
  }
  auto deadline = std::chrono::steady_clock::now() + kPerFileDeadline;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return "hung";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (WIFSIGNALED(status)) return "crashed (signal " + std::to_string(WTERMSIG(status)) + ")";
  return "ok";
}

using TaglibCorpus = test::ConformanceTest;

std::vector<fs::path> CorpusFiles() {
  std::vector<fs::path> files;
  fs::path corpus = test::SharedFile("corpus/taglib");
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(corpus, ec)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_F(TaglibCorpus, EveryFileReadsWithoutCrashOrHang) {
  std::vector<fs::path> files = CorpusFiles();
  ASSERT_GT(files.size(), 50u);
  for (const fs::path& file : files) {
    EXPECT_EQ("ok", ReadInChild(file)) << file;
  }
}

TEST_F(TaglibCorpus, IndexedValuesAreSane) {
  std::vector<fs::path> files = CorpusFiles();
  ASSERT_FALSE(files.empty());
  testing::CatalogFile catalog;
  std::string root = files.front().parent_path().string();
  IndexSummary summary = catalog.Index({root}, 2);
  EXPECT_GT(summary.added, 20);
  EXPECT_GT(summary.unreadable, 5);
  for (const auto& [path, t] : catalog.Tracks(root)) {
    SCOPED_TRACE(path);
    if (t.audio.duration_ms) {
      EXPECT_GT(*t.audio.duration_ms, 0);
      EXPECT_LT(*t.audio.duration_ms, 48LL * 3600 * 1000);
      bool lossless = t.audio.format == "flac" || t.audio.format == "wav" ||
                      t.audio.format == "aiff" || t.audio.format == "ape" ||
                      t.audio.format == "wv" || t.audio.format == "tta";
      if (!lossless && t.size > 0) {
        // No lossy stream is below 4 kbit/s of file.
        EXPECT_GE(t.size * 8 * 1000 / *t.audio.duration_ms, 4000) << t.audio.format;
      }
    }
    if (t.fields.year) {
      EXPECT_GT(*t.fields.year, 0);
      EXPECT_LT(*t.fields.year, 10000);
    }
    EXPECT_FALSE(t.audio.format.empty());
  }
  // Tracker modules are music TagLib reads: tracks, not unreadable files.
  for (const fs::path& file : files) {
    const std::string ext = file.extension().string();
    if (ext != ".mod" && ext != ".s3m" && ext != ".xm" && ext != ".it") continue;
    auto tracks = catalog.Tracks(root);
    auto it = tracks.find(file.filename().string());
    ASSERT_NE(it, tracks.end()) << file.filename() << " is not a track";
    EXPECT_EQ(it->second.audio.format, ext.substr(1));
  }
  // The garbage MP3 TagLib itself reports as half an hour long.
  auto tracks = catalog.Tracks(root);
  if (auto it = tracks.find("garbage.mp3"); it != tracks.end() && it->second.audio.duration_ms) {
    EXPECT_LT(*it->second.audio.duration_ms, 60000);
  }
}

}  // namespace
}  // namespace hoard::catalog

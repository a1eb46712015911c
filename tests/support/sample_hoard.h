// The sample hoard: real audio files made by tests/support/make_sample_hoard.py
// (python3 + ffmpeg) in a fresh temporary folder, and the manifest of what a
// catalog of it must contain. See the script for what it holds.
//
//   hoard::test::SampleHoard hoard;            // ~2 s, ffmpeg on 4 threads
//   hoard.root();                              // <tmp>/hoard, the folder to index
//   for (const auto& t : hoard.manifest()["tracks"]) ...
//
// Generation failures fail the current test (ADD_FAILURE) and leave an empty
// manifest. The folder is removed on destruction.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/paths.h"

namespace hoard::test {

// Runs argv[0] (searched in PATH) with the arguments, no shell; returns its
// exit status, or -1 when it could not run or was killed.
int RunProgram(const std::vector<std::string>& argv);

class SampleHoard {
 public:
  struct Options {
    int large_files = 0;  // ~10-minute FLAC files (tens of MB each); off by default
  };
  SampleHoard() : SampleHoard(Options{}) {}
  explicit SampleHoard(Options options);

  // The folder holding the hoard (the one to index).
  std::filesystem::path root() const { return dir_.path() / "hoard"; }
  // The parsed manifest.json: tracks (path relative to root, expected catalog
  // fields, tags_from), unreadable, ignored, empty_dirs, symlinks.
  const nlohmann::json& manifest() const { return manifest_; }
  // The manifest entry of the track at `relative` path; fails the test when absent.
  const nlohmann::json& Track(const std::string& relative) const;

 private:
  TempDir dir_;
  nlohmann::json manifest_;
};

}  // namespace hoard::test

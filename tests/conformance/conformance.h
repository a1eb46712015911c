// The conformance suite checks hoard against data the project does not own:
// real MusicBrainz and Last.fm responses recorded by others and TagLib's own
// corpus of odd files, in the shared folder beside the repository
// (SharedDir(): ../shared or $HOARD_SHARED_DIR). Without that folder every
// conformance test is skipped with one line saying why.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/support/paths.h"

namespace hoard::test {

// Why there is no shared folder: the one line a skipped test reports.
std::string NoSharedReason();

// <shared>/<relative>; throws std::bad_optional_access without a shared folder.
std::filesystem::path SharedFile(const std::string& relative);

// A fixture whose tests are skipped, with NoSharedReason(), without the
// shared folder. A fixture deriving from ::testing::Test another way starts
// its SetUp with the same check.
class ConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!SharedDir()) GTEST_SKIP() << NoSharedReason();
  }
};

}  // namespace hoard::test

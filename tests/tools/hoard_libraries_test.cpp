// What `hoard` loads at every start. Every command pays for each library on
// that list (here about a millisecond apiece, more than some queries take),
// so the heavy ones stay with the programs that need them: hoard-serve
// (cpp-httplib with OpenSSL and brotli) and hoard-link (libssh2, libcrypto);
// libcurl is opened by the feed when it first fetches (feed/curl_library.h).
#include <gtest/gtest.h>

#include <string>

#include "tests/support/paths.h"
#include "tests/support/run_command.h"

namespace hoard::test {
namespace {

TEST(HoardLibraries, StartsWithoutNetworkLibraries) {
  CommandOutput ldd = RunCommand({"ldd", Executable("hoard").string()});
  ASSERT_EQ(ldd.status, 0) << ldd.output;
  ASSERT_NE(ldd.output.find("libsqlite3"), std::string::npos) << "not a real list: " << ldd.output;
  for (const char* heavy : {"libssh2", "libcrypto", "libssl", "libcurl", "libbrotli", "libgnutls"}) {
    EXPECT_EQ(ldd.output.find(heavy), std::string::npos) << heavy << " in:\n" << ldd.output;
  }
}

TEST(HoardLibraries, TheForwardedProgramsHaveThem) {
  CommandOutput link = RunCommand({"ldd", Executable("hoard-link").string()});
  ASSERT_EQ(link.status, 0) << link.output;
  EXPECT_NE(link.output.find("libssh2"), std::string::npos) << link.output;
  // And `hoard link` reaches it: its subcommands are hoard-link's.
  CommandOutput help = RunHoard({"link", "--help"});
  EXPECT_EQ(help.status, 0) << help.output;
  EXPECT_NE(help.output.find("probe"), std::string::npos) << help.output;
}

}  // namespace
}  // namespace hoard::test

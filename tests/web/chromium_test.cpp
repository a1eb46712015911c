// End to end in a real browser: headless Chromium loads a filtered view of
// `/` from the real server, the test checks the DOM it built, and saves a
// screenshot of the page in the test's temp dir.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "tests/web/web_fixture.h"

namespace hoard::test {
namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

std::vector<std::string> ChromiumArgs(const std::filesystem::path& profile) {
  return {kChromium,
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--disable-dev-shm-usage",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--user-data-dir=" + profile.string()};
}

TEST(Chromium, FilteredReleasesPageRendersEscapedAndScreenshots) {
  if (access(kChromium, X_OK) != 0) GTEST_SKIP() << kChromium << " is not installed (scripts/setup installs it)";
  ServedDatabase served;
  TempDir work;

  std::vector<std::string> dump = ChromiumArgs(work.path() / "profile-dom");
  dump.push_back("--dump-dom");
  dump.push_back(served.url("/?type=album&sort=title"));
  ProcessResult dom = WaitProcess(StartProcess(dump, work.path(), "dom"), work.path(), "dom", 120);
  ASSERT_EQ(dom.exit_code, 0) << dom.err;
  EXPECT_NE(dom.out.find("<table id=\"releases\">"), std::string::npos) << dom.out;
  EXPECT_NE(dom.out.find("Fossora"), std::string::npos);
  EXPECT_NE(dom.out.find("Sånger från skogen"), std::string::npos);
  EXPECT_EQ(dom.out.find("Power Up"), std::string::npos) << "an EP passed the type filter";
  // The hostile artist name is text in the DOM, not a script element.
  EXPECT_NE(dom.out.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(dom.out.find("3 releases"), std::string::npos);
  EXPECT_LT(dom.out.find("Evil"), dom.out.find("Fossora")) << "not sorted by title";

  const std::filesystem::path shot = work.path() / "releases.png";
  std::vector<std::string> screenshot = ChromiumArgs(work.path() / "profile-shot");
  screenshot.push_back("--window-size=1280,800");
  screenshot.push_back("--screenshot=" + shot.string());
  screenshot.push_back(served.url("/?type=album"));
  ProcessResult r = WaitProcess(StartProcess(screenshot, work.path(), "shot"), work.path(), "shot", 120);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string png = ReadFile(shot);
  ASSERT_GT(png.size(), 1000u) << "screenshot missing or empty: " << r.err;
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

}  // namespace
}  // namespace hoard::test

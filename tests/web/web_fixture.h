// Fixtures for the web view's tests: a real SQLite database filled through
// the catalog's and the feed's own APIs (names with <script>, &, quotes,
// accents), the real WebServer on an ephemeral loopback port, and a helper
// that runs a program (hoard, chromium) and collects its output.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "feed/feed_config.h"
#include "tests/support/paths.h"
#include "web/web_server.h"
#include "web/web_state.h"

namespace hoard::test {

inline constexpr const char* kEvilArtist = "<script>alert(1)</script>";
inline constexpr const char* kEvilTitle = "Evil & \"Quoted\" 'Title'";
inline constexpr const char* kAmpArtist = "AC/DC & Friends";
// Release group ids of the sample releases, newest discovery first.
inline constexpr const char* kUndatedId = "55555555-0000-0000-0000-000000000005";
inline constexpr const char* kAsaId = "44444444-0000-0000-0000-000000000004";
inline constexpr const char* kPowerUpId = "33333333-0000-0000-0000-000000000003";
inline constexpr const char* kFossoraId = "22222222-0000-0000-0000-000000000002";
inline constexpr const char* kEvilId = "11111111-0000-0000-0000-000000000001";

// Writes the sample catalog (4 tracks, 3 album artists) and the five sample
// releases into `db_path`.
void FillSampleDatabase(const std::filesystem::path& db_path);

// The WebServer on 127.0.0.1:<any>, serving the sample database with
// `config`, in a background thread from construction to destruction.
class ServedDatabase {
 public:
  explicit ServedDatabase(feed::FeedConfig config = {});
  ~ServedDatabase();
  const std::filesystem::path& db_path() const { return db_path_; }
  const std::filesystem::path& dir() const { return dir_.path(); }
  int port() const { return server_->port(); }
  std::string url(const std::string& path) const;

 private:
  TempDir dir_;
  std::filesystem::path db_path_;
  std::unique_ptr<web::WebState> state_;
  std::unique_ptr<web::WebServer> server_;
  std::thread thread_;
};

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed
  std::string out, err;
};

// Starts `argv` with stdout/stderr in files under `dir` ("<tag>.out",
// "<tag>.err"), HOME set to `dir` so no user configuration leaks in.
pid_t StartProcess(const std::vector<std::string>& argv, const std::filesystem::path& dir, const std::string& tag);
// Waits at most `timeout_s` (then kills it) and reads the output files.
ProcessResult WaitProcess(pid_t pid, const std::filesystem::path& dir, const std::string& tag, int timeout_s);
std::string ReadFile(const std::filesystem::path& path);
// The CSRF token the mark forms of a releases page carry; "" when none.
std::string CsrfTokenIn(const std::string& page);

}  // namespace hoard::test

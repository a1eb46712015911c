// known_hosts parsing and host matching as ssh(1) does them: each case is a
// line, a name and whether the line names that host.
#include "fs/sftp/known_hosts.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "base/base64.h"
#include "tests/support/no_permission_override.h"
#include "tests/support/paths.h"

namespace hoard::fs {
namespace {

constexpr char kKey[] = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

std::string Line(const std::string& hosts) { return hosts + " ssh-ed25519 " + kKey; }

struct MatchCase {
  std::string line;
  std::string host;
  int port;
  bool names;
};

TEST(KnownHostsTest, MatchesHostsAsOpenSshDoes) {
  const MatchCase cases[] = {
      {Line("example.com"), "example.com", 22, true},
      // A plain entry is port 22's only.
      {Line("example.com"), "example.com", 2222, false},
      {Line("[example.com]:2222"), "example.com", 2222, true},
      {Line("[example.com]:2222"), "example.com", 22, false},
      {Line("[example.com]:2222"), "example.com", 2223, false},
      {Line("other.org,example.com"), "example.com", 22, true},
      {Line("EXAMPLE.com"), "example.COM", 22, true},
      {Line("*.example.com"), "music.example.com", 22, true},
      {Line("*.example.com"), "example.com", 22, false},
      {Line("[*.example.com]:2222"), "music.example.com", 2222, true},
      {Line("*"), "*x", 22, true},  // a `*` in the name is no wildcard: found by fuzzing
      {Line("*x,!*"), "*x", 22, false},
      {Line("192.168.1.?"), "192.168.1.7", 22, true},
      {Line("192.168.1.?"), "192.168.1.17", 22, false},
      // A negated match excludes the line, whatever else matches.
      {Line("*.example.com,!evil.example.com"), "evil.example.com", 22, false},
      {Line("*.example.com,!evil.example.com"), "good.example.com", 22, true},
      {Line("!evil.example.com"), "good.example.com", 22, false},
      // Hashed by ssh-keygen -H from "[example.com]:2222" and "example.com".
      {"|1|zPnY6sfJ8XdXS8HUc0t6yB8cUgU=|H5JJSb3eHkDMYufmi5mbOdgbz+U= ssh-ed25519 " + std::string(kKey),
       "example.com", 2222, true},
      {"|1|zPnY6sfJ8XdXS8HUc0t6yB8cUgU=|H5JJSb3eHkDMYufmi5mbOdgbz+U= ssh-ed25519 " + std::string(kKey),
       "example.com", 22, false},
      {"|1|M0Hp474iNonthN6Vda08amoY/To=|3CFtWrfNEVEiaRqOrkqPLEXYgvI= ssh-ed25519 " + std::string(kKey),
       "example.com", 22, true},
      {"|1|M0Hp474iNonthN6Vda08amoY/To=|3CFtWrfNEVEiaRqOrkqPLEXYgvI= ssh-ed25519 " + std::string(kKey),
       "example.org", 22, false},
      {"|1|bad|hash ssh-ed25519 " + std::string(kKey), "example.com", 22, false},
  };
  for (const MatchCase& c : cases) {
    std::optional<KnownHostEntry> entry = ParseKnownHostsLine(c.line, 1);
    ASSERT_TRUE(entry) << c.line;
    EXPECT_EQ(c.names, EntryNamesHost(*entry, KnownHostsName(c.host, c.port))) << c.line << " / " << c.host << ":"
                                                                                 << c.port;
  }
}

TEST(KnownHostsTest, ParsesMarkersCommentsAndCrlf) {
  std::optional<KnownHostEntry> plain = ParseKnownHostsLine(Line("example.com") + "\r", 3);
  ASSERT_TRUE(plain);
  EXPECT_EQ(KnownHostEntry::Marker::kNone, plain->marker);
  EXPECT_EQ("ssh-ed25519", plain->key_type);
  EXPECT_EQ(DecodeBase64(kKey).value(), plain->key);  // no CR glued to the key
  EXPECT_EQ(3, plain->line);

  std::optional<KnownHostEntry> commented = ParseKnownHostsLine("  " + Line("example.com") + " me@laptop\r", 1);
  ASSERT_TRUE(commented);
  EXPECT_EQ(plain->key, commented->key);

  std::optional<KnownHostEntry> revoked = ParseKnownHostsLine("@revoked " + Line("example.com"), 1);
  ASSERT_TRUE(revoked);
  EXPECT_EQ(KnownHostEntry::Marker::kRevoked, revoked->marker);
  EXPECT_EQ("example.com", revoked->hosts);

  std::optional<KnownHostEntry> authority = ParseKnownHostsLine("@cert-authority " + Line("*.example.com"), 1);
  ASSERT_TRUE(authority);
  EXPECT_EQ(KnownHostEntry::Marker::kCertAuthority, authority->marker);

  for (const std::string& not_an_entry :
       {std::string(""), std::string("   "), std::string("# a comment"), std::string("\r"),
        std::string("@unknown-marker ") + Line("example.com"), std::string("example.com ssh-ed25519"),
        std::string("example.com ssh-ed25519 not*base64"), std::string("example.com")}) {
    EXPECT_FALSE(ParseKnownHostsLine(not_an_entry, 1)) << not_an_entry;
  }
}

TEST(KnownHostsTest, ABadLineSkipsOnlyItself) {
  std::string file = "@cert-authority *.corp " + std::string(kKey) + "\n" +  // no key type: skipped
                     "garbage\n" + Line("[example.com]:2222") + "\r\n" + "[example.com]:2222 ecdsa-sha2-nistp256 " +
                     kKey + "\n" + Line("[example.com]:2222");  // no final newline
  KnownHostsFile parsed = ParseKnownHosts(file);
  ASSERT_EQ(3u, parsed.entries.size());
  EXPECT_EQ(3, parsed.entries[0].line);
  EXPECT_EQ(5, parsed.entries[2].line);
  std::vector<std::string> types = KeyTypesOnRecord(parsed, KnownHostsName("example.com", 2222));
  EXPECT_EQ((std::vector<std::string>{"ssh-ed25519", "ecdsa-sha2-nistp256"}), types);
  EXPECT_TRUE(KeyTypesOnRecord(parsed, KnownHostsName("example.com", 22)).empty());
}

TEST(KnownHostsTest, RevokedAndAuthorityLinesAreNoKeyTypesOnRecord) {
  KnownHostsFile parsed = ParseKnownHosts("@revoked " + Line("example.com") + "\n@cert-authority " +
                                          Line("example.com") + "\n");
  EXPECT_TRUE(KeyTypesOnRecord(parsed, "example.com").empty());
}

TEST(KnownHostsTest, AMissingFileHasNoKeysAnUnreadableOneIsAnError) {
  test::TempDir dir;
  Result<KnownHostsFile> missing = ReadKnownHosts((dir.path() / "known_hosts").string());
  ASSERT_TRUE(missing.ok()) << missing.status().message();
  EXPECT_TRUE(missing->entries.empty());

  Result<KnownHostsFile> directory = ReadKnownHosts(dir.path().string());
  ASSERT_FALSE(directory.ok());
  EXPECT_NE(std::string::npos, directory.status().message().find(dir.path().string()));

  std::filesystem::path locked = dir.path() / "locked_known_hosts";
  std::ofstream(locked) << Line("example.com") << "\n";
  chmod(locked.c_str(), 0);
  test::NoPermissionOverride as_a_user;
  Result<KnownHostsFile> unreadable = ReadKnownHosts(locked.string());
  ASSERT_FALSE(unreadable.ok());
  EXPECT_EQ(EACCES, unreadable.status().code());
  EXPECT_NE(std::string::npos, unreadable.status().message().find(locked.string()));
}

}  // namespace
}  // namespace hoard::fs

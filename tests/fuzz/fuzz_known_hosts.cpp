// known_hosts (fs/sftp/known_hosts.h): ParseKnownHosts over one file's
// contents, then every entry matched against two names, as hoardfs asks
// before it trusts a server: "example.com" on port 22 and "[10.0.0.1]:2222",
// and KeyTypesOnRecord for both. The file is the user's, but ssh and other
// tools write it too, and accept_new_host_key appends to it.
//
// Invariants beyond not crashing:
//   - whole-file parsing is line-by-line parsing: the same entries as
//     ParseKnownHostsLine gives each line, numbered from 1, in order;
//   - an entry has a host field, a key type and a non-empty key, none with
//     blanks in them;
//   - each entry written back as a line (marker, hosts, type, base64 key)
//     parses to the same entry;
//   - a plain host list names a host as OpenSSH's match_hostname would: some
//     pattern matches (`*`, `?` wildcards, checked against a reference
//     matcher here) and no negated one does; a hashed field made for a name
//     with the entry's salt names exactly that name;
//   - KeyTypesOnRecord lists each type once, only of plain entries naming
//     the host, in file order.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>

#include "base/base64.h"
#include "fs/sftp/known_hosts.h"
#include "tests/fuzz/fuzz_check.h"

namespace hoard::fs {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Whole-string glob by dynamic programming: the reference for the
// backtracking matcher under test.
bool ReferenceGlob(std::string_view text, std::string_view pattern) {
  std::vector<char> row(pattern.size() + 1, 0), next(pattern.size() + 1, 0);
  row[0] = 1;
  for (std::size_t p = 0; p < pattern.size() && pattern[p] == '*'; ++p) row[p + 1] = 1;
  for (char c : text) {
    std::fill(next.begin(), next.end(), 0);
    for (std::size_t p = 0; p < pattern.size(); ++p) {
      if (pattern[p] == '*') {
        next[p + 1] = next[p] || row[p + 1] || row[p];
      } else if (row[p] && (pattern[p] == '?' || pattern[p] == c)) {
        next[p + 1] = 1;
      }
    }
    std::swap(row, next);
  }
  return row[pattern.size()] != 0;
}

bool ReferenceNames(std::string_view hosts, const std::string& name) {
  bool matched = false;
  while (!hosts.empty()) {
    const std::size_t comma = hosts.find(',');
    std::string_view pattern = hosts.substr(0, comma);
    hosts.remove_prefix(comma == std::string_view::npos ? hosts.size() : comma + 1);
    const bool negated = !pattern.empty() && pattern[0] == '!';
    if (negated) pattern.remove_prefix(1);
    if (pattern.empty() || !ReferenceGlob(name, Lower(pattern))) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

// "|1|salt|HMAC-SHA1(salt, name)" as ssh-keygen -H writes it.
std::string HashedField(const std::string& salt, const std::string& name) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  FUZZ_CHECK(HMAC(EVP_sha1(), salt.data(), static_cast<int>(salt.size()),
                  reinterpret_cast<const unsigned char*>(name.data()), name.size(), digest, &length) != nullptr);
  return "|1|" + EncodeBase64(salt) + "|" + EncodeBase64(std::string(reinterpret_cast<char*>(digest), length));
}

std::string Written(const KnownHostEntry& entry) {
  std::string line;
  if (entry.marker == KnownHostEntry::Marker::kRevoked) line = "@revoked ";
  if (entry.marker == KnownHostEntry::Marker::kCertAuthority) line = "@cert-authority ";
  return line + entry.hosts + " " + entry.key_type + " " + EncodeBase64(entry.key) + " comment";
}

bool Same(const KnownHostEntry& a, const KnownHostEntry& b) {
  return a.marker == b.marker && a.hosts == b.hosts && a.key_type == b.key_type && a.key == b.key &&
         a.line == b.line;
}

bool HasBlank(const std::string& text) { return text.find_first_of(" \t") != std::string::npos; }

void CheckEntry(const KnownHostEntry& entry, const std::vector<std::string>& names) {
  FUZZ_CHECK(!entry.hosts.empty() && !entry.key_type.empty() && !entry.key.empty());
  FUZZ_CHECK(!HasBlank(entry.hosts) && !HasBlank(entry.key_type));
  FUZZ_CHECK(entry.hosts.find('\n') == std::string::npos && entry.key_type.find('\n') == std::string::npos);
  std::optional<KnownHostEntry> again = ParseKnownHostsLine(Written(entry), entry.line);
  FUZZ_CHECK(again && Same(entry, *again));

  if (entry.hosts.starts_with("|1|")) {
    const std::string_view field = std::string_view(entry.hosts).substr(3);
    std::optional<std::string> salt = DecodeBase64(field.substr(0, field.find('|')));
    if (!salt) return;
    for (const std::string& name : names) {
      KnownHostEntry hashed = entry;
      hashed.hosts = HashedField(*salt, name);
      FUZZ_CHECK(EntryNamesHost(hashed, name));
      FUZZ_CHECK(!EntryNamesHost(hashed, name + "x"));
    }
    return;
  }
  for (const std::string& name : names) FUZZ_CHECK(EntryNamesHost(entry, name) == ReferenceNames(entry.hosts, name));
}

void CheckKeyTypes(const KnownHostsFile& file, const std::string& name) {
  const std::vector<std::string> types = KeyTypesOnRecord(file, name);
  std::vector<std::string> expected;
  for (const KnownHostEntry& entry : file.entries) {
    if (entry.marker != KnownHostEntry::Marker::kNone || !EntryNamesHost(entry, name)) continue;
    if (std::find(expected.begin(), expected.end(), entry.key_type) == expected.end()) {
      expected.push_back(entry.key_type);
    }
  }
  FUZZ_CHECK(types == expected);
}

}  // namespace
}  // namespace hoard::fs

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hoard::fs;
  const std::string_view contents = hoard::fuzz::AsText(data, size);
  const KnownHostsFile file = ParseKnownHosts(contents);

  std::vector<KnownHostEntry> by_line;
  int number = 0;
  for (std::size_t start = 0; start < contents.size();) {
    std::size_t end = contents.find('\n', start);
    if (end == std::string_view::npos) end = contents.size();
    if (auto entry = ParseKnownHostsLine(contents.substr(start, end - start), ++number)) by_line.push_back(*entry);
    start = end + 1;
  }
  FUZZ_CHECK(file.entries.size() == by_line.size());
  for (std::size_t i = 0; i < by_line.size(); ++i) {
    FUZZ_CHECK(Same(file.entries[i], by_line[i]));
    FUZZ_CHECK(file.entries[i].line >= 1 && file.entries[i].line <= number);
    FUZZ_CHECK(i == 0 || file.entries[i - 1].line < file.entries[i].line);
  }

  const std::string ours = KnownHostsName("example.com", 22);
  const std::string other = KnownHostsName("10.0.0.1", 2222);
  FUZZ_CHECK(ours == "example.com" && other == "[10.0.0.1]:2222");
  for (const KnownHostEntry& entry : file.entries) {
    // The entry's own first pattern is a name worth trying too (short, so the reference stays cheap).
    std::string own = Lower(entry.hosts.substr(0, std::min<std::size_t>(entry.hosts.find(','), 64)));
    CheckEntry(entry, {ours, other, own});
  }
  CheckKeyTypes(file, ours);
  CheckKeyTypes(file, other);
  return 0;
}

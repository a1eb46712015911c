#include "fs/sftp/known_hosts.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "base/ascii_case.h"
#include "base/base64.h"

namespace hoard::fs {
namespace {

std::string_view NextField(std::string_view& rest) {
  std::size_t start = rest.find_first_not_of(" \t");
  if (start == std::string_view::npos) {
    rest = {};
    return {};
  }
  rest.remove_prefix(start);
  std::size_t end = rest.find_first_of(" \t");
  std::string_view field = rest.substr(0, end);
  rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  return field;
}

// OpenSSH's match_pattern: `*` any run, `?` any one character.
bool Glob(std::string_view text, std::string_view pattern) {
  std::size_t t = 0, p = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++t;
      ++p;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`.
bool HashedNameMatches(std::string_view field, const std::string& name) {
  constexpr std::string_view kMagic = "|1|";
  field.remove_prefix(kMagic.size());
  std::size_t bar = field.find('|');
  if (bar == std::string_view::npos) return false;
  std::optional<std::string> salt = DecodeBase64(field.substr(0, bar));
  std::optional<std::string> hash = DecodeBase64(field.substr(bar + 1));
  if (!salt || !hash || hash->size() != 20) return false;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha1(), salt->data(), static_cast<int>(salt->size()), reinterpret_cast<const unsigned char*>(name.data()),
           name.size(), digest, &length) == nullptr ||
      length != hash->size()) {
    return false;
  }
  return std::equal(digest, digest + length, reinterpret_cast<const unsigned char*>(hash->data()));
}

}  // namespace

std::optional<KnownHostEntry> ParseKnownHostsLine(std::string_view text, int line) {
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  std::string_view rest = text;
  std::string_view first = NextField(rest);
  if (first.empty() || first[0] == '#') return std::nullopt;
  KnownHostEntry entry;
  entry.line = line;
  if (first[0] == '@') {
    if (first == "@revoked") entry.marker = KnownHostEntry::Marker::kRevoked;
    else if (first == "@cert-authority") entry.marker = KnownHostEntry::Marker::kCertAuthority;
    else return std::nullopt;
    first = NextField(rest);
  }
  std::string_view type = NextField(rest);
  std::string_view blob = NextField(rest);
  if (first.empty() || type.empty() || blob.empty()) return std::nullopt;
  std::optional<std::string> key = DecodeBase64(blob);
  if (!key || key->empty()) return std::nullopt;
  entry.hosts = std::string(first);
  entry.key_type = std::string(type);
  entry.key = std::move(*key);
  return entry;
}

std::string KnownHostsName(const std::string& host, int port) {
  std::string name = AsciiLower(host);
  if (port == 22) return name;
  return "[" + name + "]:" + std::to_string(port);
}

bool EntryNamesHost(const KnownHostEntry& entry, const std::string& name) {
  std::string_view field = entry.hosts;
  if (field.substr(0, 3) == "|1|") return HashedNameMatches(field, name);
  bool matched = false;
  while (!field.empty()) {
    std::size_t comma = field.find(',');
    std::string_view pattern = field.substr(0, comma);
    field.remove_prefix(comma == std::string_view::npos ? field.size() : comma + 1);
    bool negated = !pattern.empty() && pattern[0] == '!';
    if (negated) pattern.remove_prefix(1);
    if (pattern.empty() || !Glob(name, AsciiLower(pattern))) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

KnownHostsFile ParseKnownHosts(std::string_view contents) {
  KnownHostsFile file;
  int number = 0;
  while (!contents.empty()) {
    std::size_t newline = contents.find('\n');
    std::string_view text = contents.substr(0, newline);
    contents.remove_prefix(newline == std::string_view::npos ? contents.size() : newline + 1);
    if (std::optional<KnownHostEntry> entry = ParseKnownHostsLine(text, ++number)) {
      file.entries.push_back(std::move(*entry));
    }
  }
  return file;
}

Result<KnownHostsFile> ReadKnownHosts(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return KnownHostsFile{};
    int error = errno;
    return Status::Error(error, "cannot read " + path + ": " + std::strerror(error));
  }
  std::string contents;
  char buffer[8192];
  for (;;) {
    ssize_t got = read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      int error = errno;
      close(fd);
      return Status::Error(error, "cannot read " + path + ": " + std::strerror(error));
    }
    if (got == 0) break;
    contents.append(buffer, static_cast<std::size_t>(got));
  }
  close(fd);
  return ParseKnownHosts(contents);
}

std::vector<std::string> KeyTypesOnRecord(const KnownHostsFile& file, const std::string& name) {
  std::vector<std::string> types;
  for (const KnownHostEntry& entry : file.entries) {
    if (entry.marker != KnownHostEntry::Marker::kNone || !EntryNamesHost(entry, name)) continue;
    if (std::find(types.begin(), types.end(), entry.key_type) == types.end()) types.push_back(entry.key_type);
  }
  return types;
}

}  // namespace hoard::fs

#include "tests/fs/test_tree.h"

#include <openssl/evp.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <map>
#include <random>

namespace hoard::test {
namespace fs = std::filesystem;

void WriteRandomFile(const fs::path& path, std::uint64_t size) {
  std::mt19937_64 random(std::hash<std::string>{}(path.filename().string()) + size);
  std::ofstream out(path, std::ios::binary);
  std::string block(1 << 16, '\0');
  for (std::uint64_t written = 0; written < size;) {
    for (std::size_t i = 0; i < block.size(); i += 8) {
      std::uint64_t value = random();
      std::memcpy(block.data() + i, &value, 8);
    }
    std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), size - written));
    out.write(block.data(), static_cast<std::streamsize>(n));
    written += n;
  }
}

std::vector<std::string> BuildTestTree(const fs::path& root) {
  struct File {
    const char* path;
    std::uint64_t size;
    mode_t mode;
  };
  static const File kFiles[] = {
      {"Artist One/2001_First Album/01_-_Opening.mp3", 200000, 0644},
      {"Artist One/2001_First Album/02_-_It's \"Quoted\".mp3", 30000, 0644},
      {"Artist One/2001_First Album/03_-_100% #1 Hit.flac", 30001, 0600},
      {"Björk Guðmundsdóttir/1997_Homogenic/01_-_Jóga.flac", 1048583, 0444},
      {"Sigur Rós/1999_Ágætis byrjun/日本語 タイトル.ogg", 29999, 0640},
      {"X, The/1980_Los Angeles/01_-_Your Phone's Off the Hook.m4a", 65536, 0755},
      {"Various/big.wav", 5 * 1024 * 1024 + 123, 0644},
      {"Various/empty.mp3", 0, 0644},
      {"Various/one byte", 1, 0644},
      {"cover.jpg", 4097, 0644},
  };
  std::vector<std::string> files;
  std::int64_t mtime = 1000000000;
  for (const File& f : kFiles) {
    fs::path path = root / f.path;
    fs::create_directories(path.parent_path());
    WriteRandomFile(path, f.size);
    chmod(path.c_str(), f.mode);
    timeval times[2] = {{mtime, 0}, {mtime, 0}};
    utimes(path.c_str(), times);
    mtime += 86400 * 37 + 11;
    files.push_back(f.path);
  }
  fs::create_directories(root / "Empty Directory");
  fs::create_directory_symlink("Artist One/2001_First Album", root / "link to album");
  fs::create_symlink("../cover.jpg", root / "Various/cover link.jpg");
  fs::create_symlink("no such target", root / "dangling link");
  chmod((root / "X, The").c_str(), 0750);
  return files;
}

std::string Sha256OfFile(const fs::path& path) {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  EVP_DigestInit_ex(context, EVP_sha256(), nullptr);
  std::ifstream in(path, std::ios::binary);
  std::string block(1 << 20, '\0');
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    EVP_DigestUpdate(context, block.data(), static_cast<std::size_t>(in.gcount()));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  EVP_DigestFinal_ex(context, digest, &length);
  EVP_MD_CTX_free(context);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  if (in.bad()) return "read error";
  return out;
}

namespace {

std::map<std::string, struct stat> Walk(const fs::path& root) {
  std::map<std::string, struct stat> out;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    struct stat st;
    lstat(it->path().c_str(), &st);
    out[it->path().lexically_relative(root).string()] = st;
  }
  return out;
}

}  // namespace

std::vector<std::string> CompareTrees(const fs::path& expected, const fs::path& actual) {
  std::vector<std::string> differences;
  std::map<std::string, struct stat> want = Walk(expected);
  std::map<std::string, struct stat> got = Walk(actual);
  for (const auto& [name, st] : got) {
    if (!want.count(name)) differences.push_back("unexpected entry: " + name);
  }
  for (const auto& [name, w] : want) {
    auto found = got.find(name);
    if (found == got.end()) {
      differences.push_back("missing entry: " + name);
      continue;
    }
    const struct stat& g = found->second;
    if (w.st_mode != g.st_mode) {
      differences.push_back(name + ": mode " + std::to_string(w.st_mode) + " != " + std::to_string(g.st_mode));
    }
    if (w.st_mtim.tv_sec != g.st_mtim.tv_sec) differences.push_back(name + ": mtime differs");
    if (S_ISREG(w.st_mode)) {
      if (w.st_size != g.st_size) differences.push_back(name + ": size differs");
      else if (Sha256OfFile(expected / name) != Sha256OfFile(actual / name)) {
        differences.push_back(name + ": content (SHA-256) differs");
      }
    }
    if (S_ISLNK(w.st_mode)) {
      std::error_code ec;
      fs::path want_target = fs::read_symlink(expected / name);
      fs::path got_target = fs::read_symlink(actual / name, ec);
      if (ec || want_target != got_target) {
        differences.push_back(name + ": symlink target '" + got_target.string() + "' (" + ec.message() +
                              "), expected '" + want_target.string() + "'");
      }
    }
  }
  return differences;
}

}  // namespace hoard::test

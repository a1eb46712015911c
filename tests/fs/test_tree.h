// A small tree with the awkward cases of a real music collection (names
// with spaces, quotes, %, #, non-ASCII; empty and odd-sized files around
// the 30000-byte SFTP read size; symlinks, dangling ones too; an empty
// directory; varied modes and mtimes), and the comparison of two trees.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hoard::test {

// Builds the tree under `root` (which must exist). Returns the relative
// paths of its regular files.
std::vector<std::string> BuildTestTree(const std::filesystem::path& root);

// Writes `size` pseudo-random bytes (seeded by the path) to `path`.
void WriteRandomFile(const std::filesystem::path& path, std::uint64_t size);

// Lists every difference between the two trees (names, types, sizes,
// mtimes, permission bits, symlink targets, file bytes by SHA-256); empty
// when they are identical.
std::vector<std::string> CompareTrees(const std::filesystem::path& expected, const std::filesystem::path& actual);

std::string Sha256OfFile(const std::filesystem::path& path);

}  // namespace hoard::test

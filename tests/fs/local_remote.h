// LocalRemote: a RemoteSource over a local directory, the seam that lets the
// cache logic be tested (and benchmarked) without a network.
//
// It behaves like a server as the cache sees one: it counts the bytes it
// hands out and the metadata requests it answers (so tests can prove "zero
// refetch"), and it can be switched offline, after which every call fails
// with a link error (ENOTCONN) at once, as SftpRemote does during an outage.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>

#include "fs/remote/remote_source.h"

namespace hoard::fs {

class LocalRemote final : public RemoteSource {
 public:
  explicit LocalRemote(std::filesystem::path root);

  Result<RemoteAttr> Stat(const std::string& path) override;
  Result<std::vector<DirEntry>> ListDir(const std::string& path, RemoteAttr* self = nullptr) override;
  Result<std::string> ReadLink(const std::string& path) override;
  Result<RemoteStatFs> StatFs() override;
  Result<std::unique_ptr<RemoteFile>> Open(const std::string& path) override;

  void set_offline(bool offline) { offline_ = offline; }
  std::uint64_t bytes_read() const { return bytes_read_.load(); }
  std::uint64_t read_calls() const { return read_calls_.load(); }
  // Stat, ListDir, ReadLink, StatFs and Open calls answered.
  std::uint64_t metadata_calls() const { return metadata_calls_.load(); }
  void ResetCounters();

 private:
  friend class LocalFile;
  Status CheckOnline() const;
  std::string Local(const std::string& path) const;

  const std::filesystem::path root_;
  std::atomic<bool> offline_{false};
  std::atomic<std::uint64_t> bytes_read_{0};
  std::atomic<std::uint64_t> read_calls_{0};
  std::atomic<std::uint64_t> metadata_calls_{0};
};

}  // namespace hoard::fs

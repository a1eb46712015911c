// SftpFile: an open remote file, readable from several threads at once.
//
// The file keeps one SFTP handle per pool session it has been read through,
// each tagged with the session's id. A read runs on the session of the
// previous one, waiting for it if busy: the kernel's concurrent readahead
// requests would otherwise scatter one sequential stream over several
// handles, each seek discarding a queue of in-flight reads (measured: up to
// 2x slower). Only when that session is down does it move to another; when
// the session is newer than the handle - the
// link broke and was rebuilt - the file is reopened there by path, so a
// paused player resumes after an outage. A reopened file whose size or mtime
// changed on the server fails with ESTALE rather than mixing two versions.
// A file opened unconfirmed (SftpRemote::OpenExpecting) takes the expected
// attributes as its own and checks them with an fstat sent along with the
// reads of its first read: a mismatch fails that read with ESTALE. A read
// reaching past the end of the file stops at that end, with such an fstat
// along instead of a request for the byte past it: one round trip, not two.
//
// Closing sends the CLOSEs without waiting for their answers
// (SftpSession::CloseFileLater): a release costs its session no round trip.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fs/remote/remote_source.h"
#include "fs/sftp/sftp_pool.h"

namespace hoard::fs {

class SftpFile : public RemoteFile {
 public:
  // `opened`: the handle Open() got on `slot`; `confirmed`: `attr` is what
  // an fstat of it said.
  SftpFile(std::shared_ptr<SftpPool> pool, std::string server_path, RemoteAttr attr, int slot,
           std::uint64_t session_id, SftpSession::File opened, bool confirmed);
  ~SftpFile() override;

  const RemoteAttr& attr() const override { return attr_; }
  Result<std::size_t> ReadAt(std::uint64_t offset, std::span<char> buf) override;

 private:
  struct SlotHandle {
    std::uint64_t session_id = 0;  // 0: none
    SftpSession::File file;
    bool confirmed = true;  // the handle's fstat matched attr_
  };

  std::shared_ptr<SftpPool> pool_;
  const std::string server_path_;
  const RemoteAttr attr_;
  // handles_[slot] is only touched by the thread holding that pool slot.
  std::vector<SlotHandle> handles_;
  std::mutex hint_mutex_;
  int hint_;
};

}  // namespace hoard::fs

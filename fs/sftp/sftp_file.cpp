#include "fs/sftp/sftp_file.h"

#include <cerrno>

namespace hoard::fs {

SftpFile::SftpFile(std::shared_ptr<SftpPool> pool, std::string server_path, RemoteAttr attr, int slot,
                   std::uint64_t session_id, SftpSession::File opened, bool confirmed)
    : pool_(std::move(pool)),
      server_path_(std::move(server_path)),
      attr_(attr),
      handles_(static_cast<std::size_t>(pool_->size())),
      hint_(slot) {
  handles_[static_cast<std::size_t>(slot)] = SlotHandle{session_id, opened, confirmed};
}

SftpFile::~SftpFile() {
  for (int slot = 0; slot < static_cast<int>(handles_.size()); ++slot) {
    SlotHandle& h = handles_[static_cast<std::size_t>(slot)];
    if (h.session_id == 0) continue;
    pool_->CloseLater(slot, h.session_id, h.file);
  }
}

Result<std::size_t> SftpFile::ReadAt(std::uint64_t offset, std::span<char> buf) {
  int hint;
  {
    std::lock_guard lock(hint_mutex_);
    hint = hint_;
  }
  std::size_t done = 0;
  Status status = pool_->Run(&hint, [&](SftpSession& session, int slot, Deadline deadline) -> Status {
    SlotHandle& h = handles_[static_cast<std::size_t>(slot)];
    if (h.session_id != session.id()) {
      // Never opened on this session, or opened on one that has since died
      // (its handle died with it).
      RemoteAttr now;
      Result<SftpSession::File> file = session.OpenFile(server_path_, &now, deadline);
      if (!file.ok()) return file.status();
      h = SlotHandle{session.id(), *file, true};
      if (now.size != attr_.size || now.mtime != attr_.mtime) {
        return Status::Error(ESTALE, "file changed on the server since it was opened: " + server_path_);
      }
    }
    // A read past the end of the version this file serves (the cache asks
    // one byte more with the last block, to see a file that grew) stops at
    // that end and has the handle's fstat ride along: the fstat, answered in
    // the same round trip, tells whether the file still ends there, where
    // asking for the byte past it would cost a round trip of its own (the
    // server's short answer does not say end of file; only a second READ's
    // does).
    const bool past_end = offset < attr_.size && buf.size() > attr_.size - offset;
    if (!h.confirmed || past_end) {
      const std::span<char> want = past_end ? buf.first(attr_.size - offset) : buf;
      RemoteAttr now;
      Result<std::size_t> n = session.ReadAndStat(h.file, offset, want, &now, deadline);
      if (!n.ok()) return n.status();
      if (now.size != attr_.size || now.mtime != attr_.mtime) {
        return Status::Error(ESTALE, std::string("file changed on the server since it was ") +
                                         (h.confirmed ? "opened: " : "listed: ") + server_path_);
      }
      h.confirmed = true;
      done = *n;
      return Status::Ok();
    }
    Result<std::size_t> n = session.Read(h.file, offset, buf, deadline);
    if (!n.ok()) return n.status();
    done = *n;
    return Status::Ok();
  }, /*sticky=*/true);
  {
    std::lock_guard lock(hint_mutex_);
    hint_ = hint;
  }
  if (!status.ok()) return status;
  return done;
}

}  // namespace hoard::fs

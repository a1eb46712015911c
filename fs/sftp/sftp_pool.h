// SftpPool: up to `size` SFTP sessions shared by the FUSE worker threads,
// and the background thread that keeps them alive.
//
// libssh2 sessions are not thread-safe, so each session serves one
// operation at a time; several sessions let independent files (and readers)
// proceed in parallel. An operation waits for a free connected session up
// to its deadline, but when no session is connected at all it fails at once
// with ENOTCONN: during an outage callers fail fast instead of queueing.
//
// The pool starts with kInitialSessions and grows with demand: when an
// operation finds every session busy, more are connected in the background,
// up to `size`, eight at a time (each started as soon as an earlier one is
// set up). Over a WAN each operation
// holds its session for a round trip, so a parallel scan (hoard index, 64
// files in flight) is paced by the number of sessions: measured at 40 ms,
// 525 tracks indexed in 8.7 s through a fixed 16, 5.1 s starting at 16 and
// growing, 4.1 s starting at 32. Sessions above
// the initial ones that stay idle for `idle_close` are closed again, the
// last first, as rclone closes its idle SFTP connections. A server that
// refuses a session the pool grows to (MaxStartups, a process limit) caps
// the pool below it for the rest of the mount.
//
// A session that breaks (link error, deadline passed) is destroyed right
// away, without a goodbye, and the maintenance thread reconnects it with
// capped exponential backoff (1 s doubling to 30 s), setting up to 8
// sessions at once, each on a thread of its own. The same thread sends
// keepalives on idle sessions.
//
// A session whose server did not answer by the deadline makes the whole
// pool unresponsive: every session goes over the same link, so until the
// server answers again (a reconnect succeeds, or the maintenance thread's
// round trip on an idle session comes back) operations fail at once with
// ETIMEDOUT instead of each waiting out its own deadline. One read a user
// makes, however many requests the kernel splits it into and retries, thus
// fails within one timeout of a frozen link.
//
// Threads do not survive fork(): Connect() works without the maintenance
// thread, which Start() launches once the process is in its final form
// (after daemonizing).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "base/status.h"
#include "fs/sftp/sftp_session.h"
#include "fs/sftp/ssh_target.h"

namespace hoard::fs {

class SftpPool {
 public:
  static constexpr int kInitialSessions = 32;
  static constexpr std::chrono::seconds kIdleClose{60};

  SftpPool(SshTarget target, int size, std::chrono::milliseconds idle_close = kIdleClose);
  // Stops the maintenance thread and closes every session.
  ~SftpPool();
  SftpPool(const SftpPool&) = delete;
  SftpPool& operator=(const SftpPool&) = delete;

  // Connects the first session now (may ask a key passphrase on the
  // terminal); the others follow in the background after Start().
  Status Connect();
  // Starts the maintenance thread: connects the remaining sessions,
  // reconnects broken ones, sends keepalives. Call once.
  void Start();

  const SshTarget& target() const { return target_; }
  int size() const { return static_cast<int>(slots_.size()); }

  // fn(session, slot, deadline) runs on a free connected session, preferring
  // slot *hint (updated to the slot used); `sticky`: waits for that slot
  // while it is connected rather than taking another. Link errors from fn
  // break the session (see SftpSession::broken()).
  using Operation = std::function<Status(SftpSession& session, int slot, Deadline deadline)>;
  Status Run(int* hint, const Operation& fn, bool sticky = false);
  // Closes `file`, opened on `slot`'s session `session_id`, without waiting:
  // at once when the session is idle, else by the operation holding it, as
  // it ends. A file's close thus never waits for its session (a release
  // would hold a FUSE thread for another file's round trip). Nothing to do
  // when that session is gone: its handles died with it.
  void CloseLater(int slot, std::uint64_t session_id, SftpSession::File file);

 private:
  struct Slot {
    std::unique_ptr<SftpSession> session;  // null while down
    bool busy = false;
    bool ever_connected = false;
    Clock::time_point last_used{};
    Clock::time_point next_attempt{};
    std::chrono::seconds backoff{1};
    // Files CloseLater left to the operation holding the session; empty
    // whenever the slot is not busy.
    std::vector<SftpSession::File> closes;
  };

  Status RunLocked(std::unique_lock<std::mutex>& lock, int slot, Deadline deadline, const Operation& fn);
  // The session of `s` when `status` broke it, taken out of the pool to be
  // destroyed outside mutex_ and due for reconnection; under mutex_. A
  // timeout makes the pool unresponsive (see the top of this file).
  std::unique_ptr<SftpSession> TakeIfBroken(Slot& s, const Status& status);
  // Ends the operation holding `s` that returned `status`: sends the closes
  // queued meanwhile, frees the slot and returns the session if it broke
  // (see TakeIfBroken); under mutex_, which it may release while sending.
  std::unique_ptr<SftpSession> Release(std::unique_lock<std::mutex>& lock, Slot& s, const Status& status);
  void MaintenanceLoop();
  // A thread connecting a slot; `done` (under mutex_) once it has nothing
  // left to do but return.
  struct Connector {
    std::thread thread;
    bool done = false;
  };
  void Reconnect(int slot, Connector& connector);
  // A keepalive on an idle session; `round_trip`: a request the server must
  // answer instead, whose answer ends the unresponsive state.
  void Ping(int slot, bool round_trip);

  // Grows the wanted sessions by a batch when every one of them is
  // connected and busy; under mutex_.
  void GrowIfExhausted();
  // Closes the last grown session once it has been idle for idle_close_.
  void ShrinkIfIdle(std::unique_lock<std::mutex>& lock);

  const SshTarget target_;
  const std::chrono::milliseconds idle_close_;
  std::mutex mutex_;
  std::condition_variable slot_freed_;
  std::condition_variable wake_maintenance_;
  std::vector<Slot> slots_;
  std::atomic<bool> stopping_{false};
  bool unresponsive_ = false;  // see the top of this file
  int wanted_;                 // slots below it (and below limit_) are kept connected
  int limit_;                  // lowered when the server refuses a grown session
  std::thread maintenance_;
  std::list<Connector> connectors_;  // the maintenance thread's; stable addresses
};

}  // namespace hoard::fs

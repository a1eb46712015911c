#include "fs/sftp/sftp_pool.h"

#include <algorithm>
#include <cerrno>

#include <spdlog/spdlog.h>

namespace hoard::fs {
namespace {

constexpr std::chrono::seconds kMaxBackoff{30};
// Connections set up at once: an SSH connect is ~10 round trips, so 8
// sessions one after another take 3 s at 40 ms; OpenSSH's sshd starts
// refusing unauthenticated connections past 10 at a time (MaxStartups).
constexpr int kParallelConnects = 8;

}  // namespace

SftpPool::SftpPool(SshTarget target, int size, std::chrono::milliseconds idle_close)
    : target_(std::move(target)),
      idle_close_(idle_close),
      slots_(std::max(1, size)),
      wanted_(std::min(static_cast<int>(slots_.size()), kInitialSessions)),
      limit_(static_cast<int>(slots_.size())) {}

SftpPool::~SftpPool() {
  stopping_ = true;
  wake_maintenance_.notify_all();
  if (maintenance_.joinable()) maintenance_.join();
  for (Connector& c : connectors_) c.thread.join();  // a connect gives up on stopping_
  std::unique_lock lock(mutex_);
  slot_freed_.wait(lock, [&] {
    return std::none_of(slots_.begin(), slots_.end(), [](const Slot& s) { return s.busy; });
  });
  for (Slot& slot : slots_) slot.session.reset();
}

Status SftpPool::Connect() {
  Result<std::unique_ptr<SftpSession>> session = SftpSession::Connect(target_, /*interactive=*/true, &stopping_);
  std::lock_guard lock(mutex_);
  Slot& first = slots_[0];
  if (!session.ok()) {
    first.next_attempt = Clock::now() + first.backoff;
    return session.status();
  }
  first.session = std::move(*session);
  first.ever_connected = true;
  first.last_used = Clock::now();
  return Status::Ok();
}

void SftpPool::Start() { maintenance_ = std::thread([this] { MaintenanceLoop(); }); }

Status SftpPool::Run(int* hint, const Operation& fn, bool sticky) {
  Deadline deadline = Clock::now() + target_.timeout;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (unresponsive_) {
      return Status::Error(ETIMEDOUT, DisplayHost(target_) + " did not answer for " +
                                          std::to_string(target_.timeout.count()) +
                                          " s; failing at once until it answers again");
    }
    auto usable = [&](int i) { return slots_[i].session && !slots_[i].busy; };
    bool hinted = *hint >= 0 && *hint < size();
    int chosen = -1;
    if (hinted && usable(*hint)) chosen = *hint;
    bool wait_for_hint = sticky && hinted && chosen < 0 && slots_[*hint].session != nullptr;
    for (int i = 0; chosen < 0 && !wait_for_hint && i < size(); ++i) {
      if (usable(i)) chosen = i;
    }
    if (chosen >= 0) {
      *hint = chosen;
      return RunLocked(lock, chosen, deadline, fn);
    }
    bool any_connected = std::any_of(slots_.begin(), slots_.end(), [](const Slot& s) { return s.session != nullptr; });
    if (!any_connected) {
      return Status::Error(ENOTCONN, "not connected to " + DisplayHost(target_) + " (reconnecting in the background)");
    }
    if (!wait_for_hint) GrowIfExhausted();
    if (slot_freed_.wait_until(lock, deadline) == std::cv_status::timeout) {
      return Status::Error(ETIMEDOUT, "all " + std::to_string(std::min(wanted_, limit_)) + " SFTP sessions to " +
                                          DisplayHost(target_) + " stayed busy for " +
                                          std::to_string(target_.timeout.count()) + " s");
    }
  }
}

void SftpPool::CloseLater(int slot, std::uint64_t session_id, SftpSession::File file) {
  std::unique_lock lock(mutex_);
  Slot& s = slots_[slot];
  if (!s.session || s.session->id() != session_id) return;
  s.closes.push_back(file);
  if (s.busy) return;
  s.busy = true;
  std::unique_ptr<SftpSession> dead = Release(lock, s, Status::Ok());
  lock.unlock();
  slot_freed_.notify_all();
}

Status SftpPool::RunLocked(std::unique_lock<std::mutex>& lock, int slot, Deadline deadline, const Operation& fn) {
  Slot& s = slots_[slot];
  s.busy = true;
  SftpSession* session = s.session.get();
  lock.unlock();
  Status status = fn(*session, slot, deadline);
  lock.lock();
  std::unique_ptr<SftpSession> dead = Release(lock, s, status);
  lock.unlock();
  slot_freed_.notify_all();
  dead.reset();  // no network wait: a broken session only shuts its socket
  lock.lock();
  return status;
}

std::unique_ptr<SftpSession> SftpPool::Release(std::unique_lock<std::mutex>& lock, Slot& s, const Status& status) {
  // CLOSE only queues a packet (SftpSession::CloseFileLater): no round trip.
  while (!s.closes.empty() && !s.session->broken()) {
    std::vector<SftpSession::File> closes;
    closes.swap(s.closes);
    lock.unlock();
    for (SftpSession::File& file : closes) s.session->CloseFileLater(file);
    lock.lock();
  }
  s.closes.clear();  // a broken session's handles died with it
  s.busy = false;
  s.last_used = Clock::now();
  return TakeIfBroken(s, status);
}

std::unique_ptr<SftpSession> SftpPool::TakeIfBroken(Slot& s, const Status& status) {
  if (!s.session->broken()) return nullptr;
  spdlog::warn("link to {} lost: {}; reconnecting", DisplayHost(target_), status.message());
  s.next_attempt = Clock::now();
  s.backoff = std::chrono::seconds(1);
  if (status.code() == ETIMEDOUT) unresponsive_ = true;
  wake_maintenance_.notify_all();
  return std::move(s.session);
}

void SftpPool::MaintenanceLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    // Up to kParallelConnects connects run at any time, each started as
    // soon as a slot is due and another connect has ended: a batch waiting
    // for its slowest would hold the next ones back.
    for (auto it = connectors_.begin(); it != connectors_.end();) {
      if (!it->done) {
        ++it;
        continue;
      }
      it->thread.join();  // it has ended but for returning
      it = connectors_.erase(it);
    }
    for (int i = 0; i < size() && static_cast<int>(connectors_.size()) < kParallelConnects; ++i) {
      Slot& s = slots_[i];
      if (i < std::min(wanted_, limit_) && !s.session && !s.busy && Clock::now() >= s.next_attempt) {
        s.busy = true;  // keeps Run() and other slots' work off it meanwhile
        Connector& c = connectors_.emplace_back();
        c.thread = std::thread([this, i, &c] { Reconnect(i, c); });
      }
    }
    // While unresponsive, one idle session per pass asks the server for an
    // answer (a pass with a dead link takes a timeout; reconnects come next).
    bool probed = false;
    for (int i = 0; i < size() && !stopping_; ++i) {
      Slot& s = slots_[i];
      Clock::time_point now = Clock::now();
      bool probe = unresponsive_ && !probed;
      if (s.session && !s.busy &&
          (probe || (target_.keepalive.count() > 0 && now - s.last_used >= target_.keepalive))) {
        s.busy = true;
        probed = probed || probe;
        lock.unlock();
        Ping(i, probe);
        lock.lock();
      }
    }
    ShrinkIfIdle(lock);
    wake_maintenance_.wait_for(lock, std::chrono::milliseconds(500));
  }
}

void SftpPool::GrowIfExhausted() {
  if (wanted_ >= limit_) return;
  int setting_up = 0;
  for (int i = 0; i < wanted_; ++i) {
    const Slot& s = slots_[i];
    if (!s.session && s.busy) {
      ++setting_up;
    } else if (!s.session || !s.busy) {
      return;  // one is free, or down and waiting to reconnect
    }
  }
  if (setting_up >= kParallelConnects) return;
  wanted_ = std::min(limit_, wanted_ + kParallelConnects - setting_up);
  for (int i = 0; i < wanted_; ++i) {
    if (!slots_[i].session && !slots_[i].busy) slots_[i].next_attempt = Clock::now();
  }
  wake_maintenance_.notify_all();
}

void SftpPool::ShrinkIfIdle(std::unique_lock<std::mutex>& lock) {
  if (wanted_ <= std::min(size(), kInitialSessions)) return;
  Slot& top = slots_[wanted_ - 1];
  // A session idle for idle_close_ goes; a slot without one only once the
  // server refused it (below limit_ it is about to be connected).
  if (top.busy || (top.session ? Clock::now() - top.last_used < idle_close_ : wanted_ - 1 < limit_)) return;
  std::unique_ptr<SftpSession> idle = std::move(top.session);
  top.ever_connected = false;  // grown again later, it is a new session, not a reconnect
  --wanted_;
  lock.unlock();
  idle.reset();  // says goodbye: bounded by a short deadline (sftp_session.cpp)
  lock.lock();
}

void SftpPool::Reconnect(int slot, Connector& connector) {
  Result<std::unique_ptr<SftpSession>> session = SftpSession::Connect(target_, /*interactive=*/false, &stopping_);
  std::unique_lock lock(mutex_);
  Slot& s = slots_[slot];
  s.busy = false;
  if (session.ok()) {
    if (s.ever_connected || slot == 0) spdlog::info("reconnected to {}", DisplayHost(target_));
    s.session = std::move(*session);
    s.ever_connected = true;
    s.last_used = Clock::now();
    s.backoff = std::chrono::seconds(1);
    unresponsive_ = false;
  } else if (!stopping_ && !s.ever_connected && slot >= kInitialSessions) {
    spdlog::info("{} refused session {} of the pool ({}); staying at {}", DisplayHost(target_), slot + 1,
                 session.status().message(), slot);
    limit_ = std::min(limit_, slot);
  } else if (!stopping_) {
    spdlog::warn("cannot connect to {}: {} (next try in {} s)", DisplayHost(target_), session.status().message(),
                 s.backoff.count());
    s.next_attempt = Clock::now() + s.backoff;
    s.backoff = std::min(s.backoff * 2, kMaxBackoff);
  }
  connector.done = true;
  slot_freed_.notify_all();
  wake_maintenance_.notify_all();  // to start the next connect
}

void SftpPool::Ping(int slot, bool round_trip) {
  SftpSession* session;
  {
    std::lock_guard lock(mutex_);
    session = slots_[slot].session.get();
  }
  Deadline deadline = Clock::now() + target_.timeout;
  Status status = round_trip ? session->RealPath(".", deadline).status() : session->KeepAlive(deadline);
  std::unique_ptr<SftpSession> dead;
  {
    std::unique_lock lock(mutex_);
    if (round_trip && status.ok() && unresponsive_) {
      unresponsive_ = false;
      spdlog::info("{} answers again", DisplayHost(target_));
    }
    dead = Release(lock, slots_[slot], status);
  }
  slot_freed_.notify_all();
}

}  // namespace hoard::fs

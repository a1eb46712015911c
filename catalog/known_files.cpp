#include "catalog/known_files.h"

#include <functional>
#include <new>

namespace hoard::catalog {

std::size_t KnownFiles::SlotOf(std::string_view path, std::size_t hash) const {
  const std::size_t mask = slot_count_ - 1;
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    std::uint32_t at = slots_[slot];
    if (at == 0) return slot;
    const Entry& e = entries_[at - 1];
    if (e.hash == hash && e.path == path) return slot;
  }
}

void KnownFiles::Rehash(std::size_t count) {
  std::size_t slot_count = 1024;
  while (slot_count < 2 * count) slot_count *= 2;
  if (slot_count <= slot_count_) return;
  slots_.reset(static_cast<std::uint32_t*>(std::calloc(slot_count, sizeof(std::uint32_t))));
  if (!slots_) throw std::bad_alloc();
  slot_count_ = slot_count;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    slots_[SlotOf(entries_[i].path, entries_[i].hash)] = static_cast<std::uint32_t>(i + 1);
  }
}

void KnownFiles::Reserve(std::size_t count) {
  entries_.reserve(entries_.size() + count);
  Rehash(entries_.size() + count);
}

void KnownFiles::Put(std::string_view path, const KnownFile& file) {
  // At most half full, so probes stay short and an empty slot always exists.
  if (2 * (entries_.size() + 1) > slot_count_) Rehash(entries_.size() + 1);
  std::size_t hash = std::hash<std::string_view>{}(path);
  std::size_t slot = SlotOf(path, hash);
  if (slots_[slot] != 0) {
    entries_[slots_[slot] - 1].file = file;
    return;
  }
  entries_.push_back(Entry{paths_.Add({path}), hash, file});
  slots_[slot] = static_cast<std::uint32_t>(entries_.size());
}

KnownFile* KnownFiles::Find(std::string_view path) {
  if (slot_count_ == 0) return nullptr;
  std::uint32_t at = slots_[SlotOf(path, std::hash<std::string_view>{}(path))];
  return at == 0 ? nullptr : &entries_[at - 1].file;
}

}  // namespace hoard::catalog

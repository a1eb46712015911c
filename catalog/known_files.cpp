#include "catalog/known_files.h"

#include <functional>

namespace hoard::catalog {

std::size_t KnownFiles::SlotOf(std::string_view path, std::size_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    std::uint32_t at = slots_[slot];
    if (at == 0) return slot;
    const Entry& e = entries_[at - 1];
    if (e.hash == hash && e.path == path) return slot;
  }
}

void KnownFiles::Rehash(std::size_t slot_count) {
  slots_.assign(slot_count, 0);
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    slots_[SlotOf(entries_[i].path, entries_[i].hash)] = static_cast<std::uint32_t>(i + 1);
  }
}

void KnownFiles::Put(std::string_view path, const KnownFile& file) {
  // At most half full, so probes stay short and an empty slot always exists.
  if (2 * (entries_.size() + 1) > slots_.size()) Rehash(slots_.empty() ? 1024 : 2 * slots_.size());
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
  if (slots_.empty()) return nullptr;
  std::uint32_t at = slots_[SlotOf(path, std::hash<std::string_view>{}(path))];
  return at == 0 ? nullptr : &entries_[at - 1].file;
}

}  // namespace hoard::catalog

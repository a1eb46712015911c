// Chunk size: 16 KiB holds a typical ID3v2 header plus the first MPEG frame
// with its Xing header, an Ogg page, or FLAC's STREAMINFO and Vorbis comment;
// the tail chunk covers ID3v1/APE tags and the last Ogg page. Eight slots let
// TagLib bounce between head and tail (and an MP4's moov) without rereading.
#include "catalog/read_ahead_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace hoard::catalog {
namespace {

constexpr std::int64_t kChunkSize = 16 * 1024;
constexpr std::size_t kChunkSlots = 8;

}  // namespace

ReadAheadStream::ReadAheadStream(const std::string& path) : path_(path), chunks_(kChunkSlots) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st{};
  if (fd_ < 0) {
    error_ = errno;
  } else if (::fstat(fd_, &st) == 0) {
    size_ = st.st_size;
    // The kernel's readahead would turn the first 16 KiB chunk into 64 KiB
    // or more (it scales with the mount's readahead, 1 MiB on hoardfs), and
    // the last one into a read of everything from a window's start to EOF:
    // bytes over the link for a tag scan through a mount. TagLib's reads
    // are chunked here already, so the kernel reads just those.
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_RANDOM);
  } else {
    error_ = errno;
    ::close(fd_);
    fd_ = -1;
  }
}

ReadAheadStream::~ReadAheadStream() {
  if (fd_ >= 0) ::close(fd_);
}

const ReadAheadStream::Chunk* ReadAheadStream::Load(std::int64_t index) {
  ++uses_;
  for (Chunk& chunk : chunks_) {
    if (chunk.index == index) {
      chunk.last_use = uses_;
      return &chunk;
    }
  }
  Chunk& slot = *std::min_element(chunks_.begin(), chunks_.end(),
                                  [](const Chunk& a, const Chunk& b) { return a.last_use < b.last_use; });
  std::int64_t offset = index * kChunkSize;
  std::int64_t want = std::min(kChunkSize, size_ - offset);
  slot.data.resize(static_cast<std::size_t>(std::max<std::int64_t>(want, 0)));
  std::size_t got = 0;
  while (got < slot.data.size()) {
    ssize_t n = ::pread(fd_, slot.data.data() + got, slot.data.size() - got,
                        static_cast<off_t>(offset + static_cast<std::int64_t>(got)));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && error_ == 0) error_ = errno;
    if (n <= 0) break;  // an I/O error, or shorter than stat said (truncated meanwhile)
    got += static_cast<std::size_t>(n);
  }
  slot.data.resize(got);
  slot.index = index;
  slot.last_use = uses_;
  return &slot;
}

TagLib::ByteVector ReadAheadStream::readBlock(unsigned long length) {
  TagLib::ByteVector out;
  if (fd_ < 0 || position_ >= size_) return out;
  std::int64_t end = std::min<std::int64_t>(size_, position_ + static_cast<std::int64_t>(length));
  out.resize(static_cast<unsigned int>(end - position_));
  std::int64_t copied = 0;
  while (position_ < end) {
    const Chunk* chunk = Load(position_ / kChunkSize);
    std::int64_t in_chunk = position_ % kChunkSize;
    std::int64_t available = static_cast<std::int64_t>(chunk->data.size()) - in_chunk;
    if (available <= 0) break;
    std::int64_t n = std::min(available, end - position_);
    std::copy_n(chunk->data.data() + in_chunk, n, out.data() + copied);
    copied += n;
    position_ += n;
  }
  out.resize(static_cast<unsigned int>(copied));
  return out;
}

void ReadAheadStream::seek(long offset, Position position) {
  std::int64_t base = position == Beginning ? 0 : position == Current ? position_ : size_;
  position_ = std::max<std::int64_t>(0, base + offset);
}

}  // namespace hoard::catalog

// A read-only TagLib::IOStream over a file that reads in aligned chunks and
// keeps the few last chunks in memory.
//
// TagLib's own FileStream issues a seek and a small read for every field it
// looks at: about 20 lseeks and 11 reads per file. Through a hoardfs mount
// each read is a FUSE round trip, and even locally the syscalls dominate an
// index. TagLib looks at the head and the tail of a file, so a handful of
// chunk-sized preads serves all of it. Seeks are free (a position here);
// nothing is read that TagLib doesn't ask for, beyond rounding to a chunk.
#pragma once

#include <taglib/tiostream.h>

#include <cstdint>
#include <string>
#include <vector>

namespace hoard::catalog {

class ReadAheadStream : public TagLib::IOStream {
 public:
  // Opens `path` read-only; isOpen() tells whether that worked.
  explicit ReadAheadStream(const std::string& path);
  ~ReadAheadStream() override;
  ReadAheadStream(const ReadAheadStream&) = delete;
  ReadAheadStream& operator=(const ReadAheadStream&) = delete;

  TagLib::FileName name() const override { return path_.c_str(); }
  TagLib::ByteVector readBlock(unsigned long length) override;
  // Writing is refused: hoard never modifies the user's files.
  void writeBlock(const TagLib::ByteVector&) override {}
  void insert(const TagLib::ByteVector&, unsigned long, unsigned long) override {}
  void removeBlock(unsigned long, unsigned long) override {}
  void truncate(long) override {}
  bool readOnly() const override { return true; }
  bool isOpen() const override { return fd_ >= 0; }
  void seek(long offset, Position position = Beginning) override;
  void clear() override {}
  long tell() const override { return static_cast<long>(position_); }
  long length() override { return static_cast<long>(size_); }

  // The errno of the first failed open or read, 0 when none failed. TagLib
  // sees a failed read as the end of the file; the caller needs to tell an
  // I/O error (retry next time) from a broken file (recorded as unreadable).
  int error() const { return error_; }

 private:
  struct Chunk {
    std::int64_t index = -1;  // offset / kChunkSize; -1: empty slot
    std::vector<char> data;   // shorter than kChunkSize only at the end of the file
    std::uint64_t last_use = 0;
  };
  // The chunk holding `index`, read on a miss into the least recently used slot.
  const Chunk* Load(std::int64_t index);

  std::string path_;
  int fd_ = -1;
  int error_ = 0;
  std::int64_t size_ = 0;
  std::int64_t position_ = 0;
  std::vector<Chunk> chunks_;
  std::uint64_t uses_ = 0;
};

}  // namespace hoard::catalog

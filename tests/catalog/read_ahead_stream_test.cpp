#include "catalog/read_ahead_stream.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "tests/support/paths.h"

namespace hoard::catalog {
namespace {

TEST(ReadAheadStream, ReadsWhatTheFileHoldsAcrossChunks) {
  test::TempDir dir;
  std::string path = (dir.path() / "data").string();
  std::string content(70000, '\0');
  for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 7 + i / 251);
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(nullptr, f);
  std::fwrite(content.data(), 1, content.size(), f);
  std::fclose(f);

  ReadAheadStream stream(path);
  ASSERT_TRUE(stream.isOpen());
  EXPECT_EQ(70000, stream.length());
  struct {
    long offset;
    TagLib::IOStream::Position from;
    unsigned long length;
  } reads[] = {
      {0, TagLib::IOStream::Beginning, 10},         {16380, TagLib::IOStream::Beginning, 10},
      {-128, TagLib::IOStream::End, 128},           {0, TagLib::IOStream::Beginning, 70000},
      {100, TagLib::IOStream::Beginning, 40000},    {-5, TagLib::IOStream::Current, 3},
      {-10, TagLib::IOStream::End, 100},            {69990, TagLib::IOStream::Beginning, 0},
      {0, TagLib::IOStream::End, 10},               {80000, TagLib::IOStream::Beginning, 10},
  };
  for (const auto& r : reads) {
    stream.seek(r.offset, r.from);
    long at = stream.tell();
    TagLib::ByteVector got = stream.readBlock(r.length);
    std::size_t start = std::min<std::size_t>(static_cast<std::size_t>(at), content.size());
    std::string want = content.substr(start, r.length);
    EXPECT_EQ(want, std::string(got.data(), got.size())) << "at " << at << " length " << r.length;
    EXPECT_EQ(at + static_cast<long>(want.size()), stream.tell());
  }
  EXPECT_FALSE(ReadAheadStream((dir.path() / "missing").string()).isOpen());
}

}  // namespace
}  // namespace hoard::catalog

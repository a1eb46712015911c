// A gzip bomb for the HTTP client's tests: `decoded_bytes` zeros compressed
// with zlib in memory, about a thousandth of that on the wire (200 MB decoded
// is some 200 KB). Made in the test rather than committed, so its size is a
// parameter. Served with Content-Encoding: gzip by the fake API server
// (tests/support/fake_api_server.h), libcurl inflates it on the fly.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace hoard::test {

inline std::string GzipOfZeros(std::size_t decoded_bytes) {
  z_stream z{};
  // windowBits 15 + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::vector<unsigned char> zeros(1 << 20);
  std::vector<unsigned char> chunk(1 << 16);
  std::string out;
  std::size_t left = decoded_bytes;
  int flush = Z_NO_FLUSH;
  while (flush != Z_FINISH) {
    const std::size_t n = std::min(left, zeros.size());
    left -= n;
    flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    z.next_in = zeros.data();
    z.avail_in = static_cast<uInt>(n);
    do {
      z.next_out = chunk.data();
      z.avail_out = static_cast<uInt>(chunk.size());
      deflate(&z, flush);
      out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size() - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  return out;
}

}  // namespace hoard::test

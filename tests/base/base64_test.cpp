// The one base64 codec (base/base64.h): round trips, the padding-free form
// of SSH fingerprints, and what a strict decoder refuses.
#include "base/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace hoard {
namespace {

TEST(Base64Test, RoundTripsAndRefusesWhatIsNotBase64) {
  for (std::string data : {std::string(""), std::string("f"), std::string("fo"), std::string("foo"),
                           std::string("foob"), std::string("\0\xff\x10", 3)}) {
    EXPECT_EQ(data, DecodeBase64(EncodeBase64(data)).value());
    EXPECT_EQ(data, DecodeBase64(EncodeBase64(data, false)).value());
  }
  EXPECT_EQ("Zm9vYg==", EncodeBase64("foob"));
  for (const char* bad : {"Zm9vY", "Zm9v!g==", "Zm=9", "Z===", "Zm9vYg=x"}) EXPECT_FALSE(DecodeBase64(bad)) << bad;
}

}  // namespace
}  // namespace hoard

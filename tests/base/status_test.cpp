#include "base/status.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace hoard {
namespace {

TEST(Status, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), 0);
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(Status, ErrorKeepsCodeAndMessage) {
  Status s = Status::Error(ENOENT, "no such album");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ENOENT);
  EXPECT_EQ(s.ToString(), "no such album");
  EXPECT_EQ(s.WithContext("open").ToString(), "open: no such album");
  EXPECT_EQ(s.WithContext("open").code(), ENOENT);
}

TEST(Status, EmptyMessageFallsBackToErrnoText) {
  EXPECT_EQ(Status::Error(EACCES, "").ToString(), "Permission denied");
}

Status FailsWhen(bool fail) {
  HOARD_RETURN_IF_ERROR(fail ? Status::Error(EIO, "boom") : Status::Ok());
  return Status::Error(EAGAIN, "reached the end");
}

TEST(Status, ReturnIfErrorReturnsEarly) {
  EXPECT_EQ(FailsWhen(true).code(), EIO);
  EXPECT_EQ(FailsWhen(false).code(), EAGAIN);
}

TEST(Result, HoldsValueOrStatus) {
  Result<int> good = 42;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);
  EXPECT_TRUE(good.status().ok());
  Result<int> bad = Status::Error(ETIMEDOUT, "deadline passed");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ETIMEDOUT);
}

}  // namespace
}  // namespace hoard

#include "tests/support/no_permission_override.h"

#include <gtest/gtest.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace hoard::test {
namespace {

constexpr unsigned kOverrides = (1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH);

bool Get(__user_cap_data_struct (&data)[2]) {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  return ::syscall(SYS_capget, &header, data) == 0;
}

bool Set(__user_cap_data_struct (&data)[2]) {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  return ::syscall(SYS_capset, &header, data) == 0;
}

}  // namespace

NoPermissionOverride::NoPermissionOverride() {
  __user_cap_data_struct data[2] = {};
  if (!Get(data)) {
    ADD_FAILURE() << "capget failed";
    return;
  }
  effective_ = data[0].effective;
  if ((effective_ & kOverrides) == 0) return;
  data[0].effective &= ~kOverrides;
  changed_ = Set(data);
  EXPECT_TRUE(changed_) << "capset failed";
}

NoPermissionOverride::~NoPermissionOverride() {
  if (!changed_) return;
  __user_cap_data_struct data[2] = {};
  if (Get(data)) {
    data[0].effective = effective_;
    EXPECT_TRUE(Set(data)) << "could not restore the capabilities";
  }
}

}  // namespace hoard::test

// NoPermissionOverride: for its scope, the calling thread (and the threads it
// starts) is held to file permissions like any user, even as root: it drops
// CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from its effective capabilities
// and puts them back at the end. So tests of "permission denied" run in CI,
// which runs as root, instead of being skipped there.
#pragma once

namespace hoard::test {

class NoPermissionOverride {
 public:
  NoPermissionOverride();
  ~NoPermissionOverride();
  NoPermissionOverride(const NoPermissionOverride&) = delete;
  NoPermissionOverride& operator=(const NoPermissionOverride&) = delete;

 private:
  unsigned effective_ = 0;  // the first word of the effective set before
  bool changed_ = false;
};

}  // namespace hoard::test

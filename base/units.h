// Parsing of the human-sized quantities users type in options and config:
// sizes ("20G", "512k", "2M" for bytes or bytes/s) and durations ("7d", "90s").
// Suffixes are binary (k = 1024) like rclone's and sshfs's, case-insensitive,
// with an optional trailing "B" or "iB" ("20GiB" == "20G").
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "base/status.h"

namespace hoard {

// "0", "4096", "512k", "20G", "1.5T". Negative or overflowing values fail.
Result<std::uint64_t> ParseSize(std::string_view text);

// "45" (seconds), "90s", "15m", "12h", "7d", "2w". Fractions are not accepted.
Result<std::chrono::seconds> ParseDuration(std::string_view text);

}  // namespace hoard

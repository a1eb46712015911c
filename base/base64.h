// Base64 (RFC 4648, standard alphabet): the one codec of hoard. OpenSSH
// writes keys and fingerprints with it (fs/sftp), and the feed's notifier
// sends a non-ASCII title as an RFC 2047 encoded-word (feed/notifier.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hoard {

// With '=' padding unless `pad` is false (SHA256 fingerprints drop it).
std::string EncodeBase64(std::string_view data, bool pad = true);

// Strict: nullopt on a character outside the alphabet, misplaced padding or
// a length that is not a whole number of groups (padding may be omitted).
std::optional<std::string> DecodeBase64(std::string_view text);

}  // namespace hoard

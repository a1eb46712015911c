// Base64 (RFC 4648, standard alphabet) as OpenSSH writes keys and
// fingerprints: the one codec of the SSH code.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hoard::fs {

// With '=' padding unless `pad` is false (SHA256 fingerprints drop it).
std::string EncodeBase64(std::string_view data, bool pad = true);

// Strict: nullopt on a character outside the alphabet, misplaced padding or
// a length that is not a whole number of groups (padding may be omitted).
std::optional<std::string> DecodeBase64(std::string_view text);

}  // namespace hoard::fs

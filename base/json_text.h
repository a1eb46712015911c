// How hoard prints JSON, wherever it prints it: indented by two, and text
// that is not valid UTF-8 (tags can hold anything) replaced by U+FFFD rather
// than throwing. `hoard ... --json` and `hoard serve`'s /api/* both print
// through here, which is what keeps them byte for byte the same.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace hoard {

// The document and a final newline.
inline std::string JsonText(const nlohmann::json& value) {
  return value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace hoard

#include "base/units.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace hoard {
namespace {

Status Invalid(std::string_view what, std::string_view text) {
  return Status::Error(EINVAL, "invalid " + std::string(what) + " '" + std::string(text) + "'");
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

Result<std::uint64_t> ParseSize(std::string_view text) {
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || number < 0 || !std::isfinite(number)) return Invalid("size", text);
  std::string_view suffix(end, text.data() + text.size() - end);
  if (suffix.ends_with("iB") || suffix.ends_with("ib")) suffix.remove_suffix(2);
  else if (suffix.size() > 1 && (suffix.back() == 'B' || suffix.back() == 'b')) suffix.remove_suffix(1);
  int shift = 0;
  if (suffix.size() > 1) return Invalid("size", text);
  if (suffix.size() == 1) {
    switch (Lower(suffix[0])) {
      case 'b': shift = 0; break;
      case 'k': shift = 10; break;
      case 'm': shift = 20; break;
      case 'g': shift = 30; break;
      case 't': shift = 40; break;
      default: return Invalid("size", text);
    }
  }
  double bytes = std::ldexp(number, shift);
  if (bytes >= static_cast<double>(std::numeric_limits<std::uint64_t>::max())) {
    return Invalid("size", text);
  }
  return static_cast<std::uint64_t>(bytes);
}

Result<std::chrono::seconds> ParseDuration(std::string_view text) {
  std::int64_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || number < 0) return Invalid("duration", text);
  std::string_view suffix(end, text.data() + text.size() - end);
  std::int64_t unit = 1;
  if (suffix.size() > 1) return Invalid("duration", text);
  if (suffix.size() == 1) {
    switch (Lower(suffix[0])) {
      case 's': unit = 1; break;
      case 'm': unit = 60; break;
      case 'h': unit = 3600; break;
      case 'd': unit = 86400; break;
      case 'w': unit = 7 * 86400; break;
      default: return Invalid("duration", text);
    }
  }
  if (number > std::numeric_limits<std::int64_t>::max() / unit) return Invalid("duration", text);
  return std::chrono::seconds(number * unit);
}

}  // namespace hoard

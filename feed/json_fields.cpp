#include "feed/json_fields.h"

#include <charconv>

namespace hoard::feed {

using nlohmann::json;

std::string StringAt(const json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return (it != object.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

std::optional<long long> IntegerIn(const json& value, long long min, long long max) {
  std::optional<long long> n;
  if (value.is_number_unsigned()) {
    const auto u = value.get<unsigned long long>();
    if (u <= static_cast<unsigned long long>(max)) n = static_cast<long long>(u);
  } else if (value.is_number_integer()) {
    n = value.get<long long>();
  } else if (value.is_number()) {
    const double d = value.get<double>();
    if (d >= static_cast<double>(min) && d <= static_cast<double>(max)) n = static_cast<long long>(d);
  } else if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    const char* begin = text.data();
    const char* end = begin + text.size();
    if (begin != end && *begin == '+') ++begin;
    long long parsed = 0;
    const auto [stop, ec] = std::from_chars(begin, end, parsed);
    if (ec == std::errc() && stop == end && begin != end) n = parsed;
  }
  if (n && (*n < min || *n > max)) return std::nullopt;
  return n;
}

std::optional<long long> IntegerAt(const json& object, const char* key, long long min, long long max) {
  if (!object.is_object()) return std::nullopt;
  const auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  return IntegerIn(*it, min, max);
}

std::vector<const json*> Elements(const json& value) {
  std::vector<const json*> out;
  if (value.is_array()) {
    for (const json& v : value) out.push_back(&v);
  } else if (value.is_object()) {
    out.push_back(&value);
  }
  return out;
}

}  // namespace hoard::feed

// Reading fields of the web services' JSON answers (MusicBrainz, Last.fm),
// which have sent the same field in several shapes over the years: a count
// as a JSON number or as a decimal string ("100"), a one-element array as a
// bare object. One reader for both clients, so they take the same shapes.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace hoard::feed {

// object[key] when it is a string, else "".
std::string StringAt(const nlohmann::json& object, const char* key);

// The value as an integer in [min, max]: a JSON integer, a JSON float
// (truncated), or a string of decimal digits with an optional sign. Anything
// else, and anything outside the range, is nullopt; never throws.
std::optional<long long> IntegerIn(const nlohmann::json& value, long long min, long long max);

// IntegerIn(object[key], min, max); nullopt when the key is missing.
std::optional<long long> IntegerAt(const nlohmann::json& object, const char* key, long long min,
                                   long long max);

// The elements of an array, or the value itself when it is a bare object
// (Last.fm's single-object-instead-of-array quirk); nothing otherwise.
std::vector<const nlohmann::json*> Elements(const nlohmann::json& value);

}  // namespace hoard::feed

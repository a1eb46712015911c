// Hand-written matching instead of std::regex: it runs once per file on every
// index, std::regex is slow, and the patterns are simple prefixes.
#include "catalog/layout_parser.h"

#include <cctype>
#include <string>
#include <vector>

#include "base/ascii_case.h"

namespace hoard::catalog {
namespace {

std::string Spaced(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  return out;
}

// "Fixtures, The" -> "The Fixtures".
std::string MoveArticle(std::string name) {
  static constexpr std::string_view kSuffix = ", the";
  if (name.size() > kSuffix.size() && EndsWithIgnoringAsciiCase(name, kSuffix)) {
    return "The " + name.substr(0, name.size() - kSuffix.size());
  }
  return name;
}

// Leading decimal digits of `text` (at most `max_digits`), advancing `pos`.
std::optional<int> LeadingNumber(std::string_view text, std::size_t& pos, std::size_t max_digits) {
  std::size_t start = pos;
  int value = 0;
  while (pos < text.size() && pos - start < max_digits &&
         std::isdigit(static_cast<unsigned char>(text[pos]))) {
    value = value * 10 + (text[pos++] - '0');
  }
  if (pos == start) return std::nullopt;
  return value;
}

// Skips one separator between a number and a name: "_-_", " - ", ". ", "._", "-", "_", " ".
bool SkipSeparator(std::string_view text, std::size_t& pos) {
  for (std::string_view sep : {"_-_", " - ", ". ", "._", "-", "_", " "}) {
    if (text.substr(pos, sep.size()) == sep) {
      pos += sep.size();
      return pos < text.size();
    }
  }
  return false;
}

// "CD2", "Disc_2", "disc 2" -> 2.
std::optional<int> DiscFolder(std::string_view name) {
  const std::string lower = AsciiLower(name);
  for (std::string_view prefix : {"cd", "disc", "disk"}) {
    if (lower.starts_with(prefix)) {
      std::size_t pos = prefix.size();
      if (pos < lower.size() && (lower[pos] == '_' || lower[pos] == ' ')) ++pos;
      std::optional<int> number = LeadingNumber(lower, pos, 3);
      if (number && pos == lower.size()) return number;
    }
  }
  return std::nullopt;
}

void ParseFileName(std::string_view file, TrackFields& out) {
  std::size_t dot = file.rfind('.');
  std::string_view stem = dot == std::string_view::npos || dot == 0 ? file : file.substr(0, dot);
  std::size_t pos = 0;
  std::optional<int> number = LeadingNumber(stem, pos, 3);
  if (number && SkipSeparator(stem, pos)) {
    out.track = number;
    out.title = Spaced(stem.substr(pos));
  } else {
    out.title = Spaced(stem);
  }
}

void ParseAlbumFolder(std::string_view folder, TrackFields& out) {
  std::size_t pos = 0;
  std::optional<int> year = LeadingNumber(folder, pos, 4);
  if (year && pos == 4 && SkipSeparator(folder, pos)) {
    out.year = year;
    out.album = Spaced(folder.substr(pos));
  } else {
    out.album = Spaced(folder);
  }
}

}  // namespace

TrackFields ParseLayout(std::string_view relative_path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= relative_path.size()) {
    std::size_t slash = relative_path.find('/', start);
    if (slash == std::string_view::npos) slash = relative_path.size();
    if (slash > start) parts.push_back(relative_path.substr(start, slash - start));
    start = slash + 1;
  }
  TrackFields out;
  if (parts.empty()) return out;
  ParseFileName(parts.back(), out);
  parts.pop_back();
  if (!parts.empty()) {
    if (std::optional<int> disc = DiscFolder(parts.back())) {
      out.disc = disc;
      parts.pop_back();
    }
  }
  if (!parts.empty()) {
    ParseAlbumFolder(parts.back(), out);
    parts.pop_back();
  }
  if (!parts.empty()) {
    out.artist = MoveArticle(Spaced(parts.back()));
    out.albumartist = out.artist;
  }
  return out;
}

std::vector<std::string> FillFromLayout(const TrackFields& layout, TrackFields& tags) {
  std::vector<std::string> filled;
  auto fill_text = [&](const char* name, const std::string& from, std::string& to) {
    if (to.empty() && !from.empty()) {
      to = from;
      filled.emplace_back(name);
    }
  };
  auto fill_number = [&](const char* name, std::optional<int> from, std::optional<int>& to) {
    if (!to && from) {
      to = from;
      filled.emplace_back(name);
    }
  };
  fill_text("artist", layout.artist, tags.artist);
  fill_text("albumartist", layout.albumartist, tags.albumartist);
  fill_text("album", layout.album, tags.album);
  fill_text("title", layout.title, tags.title);
  fill_number("year", layout.year, tags.year);
  fill_number("track", layout.track, tags.track);
  fill_number("disc", layout.disc, tags.disc);
  return filled;
}

}  // namespace hoard::catalog

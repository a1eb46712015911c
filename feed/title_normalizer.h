// Normalization of names and titles before they are compared.
//
// The catalog holds what the user's tags say ("Göteborg", "Believe (Deluxe
// Edition)", "Rock & Roll"); MusicBrainz holds the canonical title
// ("Goteborg"? "Believe", "Rock and Roll"). Both sides go through the same
// folding so that a fuzzy ratio then only has to absorb real typos.
//
// No ICU: folding covers ASCII, Latin-1 Supplement, Latin Extended-A (which
// includes every Swedish, German, French, Polish, Czech... letter), basic Greek
// and Cyrillic case, and full-width ASCII forms. Everything else (CJK, kana,
// Hangul) passes through unchanged, which is right: those scripts have no case
// and no accents to drop.
#pragma once

#include <string>
#include <string_view>

namespace hoard::feed {

// Lower-cases and drops accents: "Längtan" -> "langtan", "Straße" ->
// "strasse", "Æon" -> "aeon", "ＡＢＣ" -> "abc". Invalid UTF-8 bytes are dropped.
std::string FoldCase(std::string_view utf8);

// Removes trailing edition tags, repeatedly: "(Deluxe Edition)",
// "[Remastered]", "(2011 Remaster)", "(Expanded)", "(25th Anniversary
// Edition)", " - Remastered 2009". A bracketed group is removed only when it
// names an edition, so "(Part 2)" stays. Works on folded text.
std::string StripEditionTags(std::string_view folded);

// The full title key: fold, strip edition tags, "&" -> "and", punctuation
// removed, runs of spaces collapsed, trimmed.
std::string NormalizeTitle(std::string_view utf8);

// The artist-name key: like NormalizeTitle but keeps edition-looking words
// ("Live" is a fine band name) and drops a leading "the ".
std::string NormalizeArtistName(std::string_view utf8);

}  // namespace hoard::feed

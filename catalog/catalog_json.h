// The catalog as JSON: what `hoard ls|albums|artists|stats --json` print and
// `hoard serve` answers on /api/albums, /api/artists and /api/stats. One
// builder per shape, so the command line and the web cannot drift apart.
// Missing values are null, never "" or 0, so a program can tell them apart.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "catalog/catalog_reader.h"
#include "catalog/query.h"
#include "catalog/track.h"

namespace hoard::catalog {

// A track: every field of track_fields.h's table, keyed by its column (the
// duration as duration_ms): path, artist, albumartist, album, title, year,
// track, tracktotal, disc, disctotal, date, genre, duration_ms, bitrate,
// samplerate, channels, format, size, mb_artistid, mb_albumartistid,
// mb_albumid, mb_releasegroupid, mb_trackid, tags_from (array).
nlohmann::json TrackToJson(const Track& track);
// An album: albumartist, album, year, tracks, duration_ms, formats (array),
// genre, mb_albumartistid, mb_albumid, mb_releasegroupid, path.
nlohmann::json AlbumToJson(const Album& album);
// An array of {name, mb_artistid, albums, tracks}.
nlohmann::json ArtistsToJson(const std::vector<ArtistSummary>& artists);
// {tracks, albums, artists, duration_ms, size, formats: {format: tracks}, unreadable}.
nlohmann::json StatsToJson(const CatalogStats& stats);

}  // namespace hoard::catalog

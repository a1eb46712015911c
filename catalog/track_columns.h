// Tracks as rows of the tracks table, from the field table (track_fields.h):
// which columns a write binds and a read selects, and in what order, so the
// store and the queries cannot disagree with each other or with the fields.
// For the catalog's own .cpp files; callers outside see Track only.
#pragma once

#include <SQLiteCpp/Statement.h>

#include <string>
#include <vector>

#include "catalog/track.h"

namespace hoard::catalog {

// What BindTrack binds, in order: mtime_ns, each field's column, then each
// folded column. Not id (the row's) nor added_at (the store's).
const std::vector<std::string>& TrackWriteColumns();
// Binds `track` to parameters first .. first + TrackWriteColumns().size() - 1:
// unknown values as NULL, folded columns as FoldCase of their field.
void BindTrack(SQLite::Statement& statement, int first, const Track& track);

// "id, mtime_ns, <each field's column>": what ReadTrack reads, from column 0.
const std::string& TrackReadColumns();
// The track in the current row of a statement selecting TrackReadColumns().
Track ReadTrack(SQLite::Statement& statement);

}  // namespace hoard::catalog

// Replacing a file so that readers (a web server serving the feed) see the
// old content or the new, never half of it: write a temporary file in the
// same directory, fsync it, rename it over the target.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace hoard::feed {

// `mode` applies to the new file (feeds are public: 0644 by default). On
// failure the target is untouched and the temporary file removed.
Status WriteFileAtomically(const std::string& path, std::string_view content, unsigned mode = 0644);

}  // namespace hoard::feed

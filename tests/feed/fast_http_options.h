// HTTP client options for tests against the local fake server: fast rate,
// short timeout and backoff, two retries.
#pragma once

#include <chrono>

#include "feed/http_client.h"
#include "feed/musicbrainz_client.h"

namespace hoard::feed::testing {

inline HttpOptions FastOptions() {
  HttpOptions o;
  o.user_agent = MusicBrainzUserAgent("test@example.org");
  o.requests_per_second = 100;
  o.timeout = std::chrono::seconds(1);
  o.retries = 2;
  o.backoff = std::chrono::milliseconds(50);
  return o;
}

}  // namespace hoard::feed::testing

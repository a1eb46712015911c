// The recorded MusicBrainz / Last.fm responses in <shared>/fixtures (see its
// SOURCES.md) and a route table serving them from a FakeApiServer. For the
// conformance suite only; the project's own tests use tests/data/api.
#pragma once

#include <string>
#include <vector>

#include "tests/support/fake_api_server.h"

namespace hoard::test {

// The text of <shared>/fixtures/<relative>; throws std::runtime_error naming
// the file when it cannot be read.
std::string ReadRecorded(const std::string& relative);
// 200 with the recorded file's body.
FakeReply RecordedReply(const std::string& relative);

// Ids under which RecordedRoutes() serves the recorded browse pages.
inline constexpr const char* kBritneyId = "45a663b5-b1cb-4a91-bff6-2bef7bbfdd76";
// The Jay Chou page was recorded without its artist id; this one is made up.
inline constexpr const char* kJayChouId = "00000000-0000-4000-8000-00000000a029";
inline constexpr const char* kPerkeleId = "9d62c5a5-a94f-4e22-b40f-e3f394191b3f";
inline constexpr const char* kTombsId = "8b2cccef-ad8b-4029-911e-14157e4cd5ae";
inline constexpr const char* kManowarId = "00eeed6b-5897-4359-8347-b8cd28375331";

// Which recorded file answers which request (see the .cpp).
std::vector<FakeRoute> RecordedRoutes();

}  // namespace hoard::test

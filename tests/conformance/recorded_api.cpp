#include "tests/conformance/recorded_api.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "tests/conformance/conformance.h"

namespace hoard::test {
namespace {

FakeRoute Search(const std::string& name, const std::string& file) {
  return ArtistSearchRoute(name, RecordedReply("musicbrainz/" + file));
}

// An artist lookup with inc=release-groups, re-shaped as the browse answer.
FakeReply BrowseFromLookup(const std::string& file) {
  const auto lookup = nlohmann::json::parse(ReadRecorded("musicbrainz/" + file));
  nlohmann::json browse = {{"release-group-count", lookup["release-groups"].size()},
                           {"release-group-offset", 0},
                           {"release-groups", lookup["release-groups"]}};
  return {200, browse.dump(), {}, {}};
}

FakeRoute Lastfm(std::map<std::string, std::string> params, const std::string& file) {
  return LastfmRoute(std::move(params), RecordedReply("lastfm/" + file));
}

}  // namespace

std::string ReadRecorded(const std::string& relative) {
  return ReadWholeFile(SharedFile("fixtures/" + relative), "the recorded response");
}

FakeReply RecordedReply(const std::string& relative) { return {200, ReadRecorded(relative), {}, {}}; }

std::vector<FakeRoute> RecordedRoutes() {
  return {
      Search("Bob Dylan", "artist-search-bob-dylan.json"),
      Search("Fred", "artist-search-fred-type-group-country-us.json"),
      Search("Solstice", "artist-search-solstice-page1-of-48.json"),
      Search("Manowar", "artist-search-manowar.json"),
      Search("Fleetwood Mac", "artist-search-fleetwood-mac.json"),
      Search("Nobody At All", "artist-search-empty-result.json"),
      BrowseRoute(kBritneyId, 0, RecordedReply("musicbrainz/release-groups-britney-spears-page1-limit10.json")),
      BrowseRoute(kJayChouId, 0, RecordedReply("musicbrainz/release-groups-jay-chou-29-single-page.json")),
      BrowseRoute(kPerkeleId, 0, BrowseFromLookup("artist-lookup-perkele-inc-release-groups.json")),
      BrowseRoute(kTombsId, 0, BrowseFromLookup("artist-lookup-tombs-inc-release-groups.json")),
      // Last.fm: unknown albums fall through to the generic "not found".
      Lastfm({{"method", "album.getinfo"}}, "error-6-album-not-found.json"),
      Lastfm({{"method", "album.getinfo"}, {"artist", "Cher"}, {"album", "Believe"}},
             "album-getinfo-cher-believe.json"),
      Lastfm({{"method", "album.getinfo"}, {"artist", "Legião Urbana"}, {"album", "Dois"}},
             "album-getinfo-legiao-urbana-dois.json"),
      Lastfm({{"method", "album.getinfo"}, {"artist", "Legião Urbana"}, {"album", "Dois"}, {"lang", "en"}},
             "album-getinfo-legiao-urbana-dois-lang-en.json"),
      Lastfm({{"method", "album.getinfo"},
              {"artist", "The Jesus and Mary Chain"},
              {"album", "The Definitive Less Damage And More Joy"}},
             "album-getinfo-jesus-and-mary-chain-definitive-no-tracks-no-wiki.json"),
      Lastfm({{"method", "album.getinfo"}, {"artist", "Madonna"}, {"album", "Ray of Light"}},
             "album-getinfo-madonna-ray-of-light-legacy-releasedate.json"),
  };
}

}  // namespace hoard::test

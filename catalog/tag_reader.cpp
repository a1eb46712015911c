// TagLib gives every format a PropertyMap with the same unified keys (ARTIST,
// ALBUMARTIST, TRACKNUMBER, MUSICBRAINZ_ALBUMID, ...), translating ID3v2 frames
// (including TXXX descriptions and the MusicBrainz UFID), Xiph comments, MP4
// atoms (including the ----:com.apple.iTunes freeform ones), APE items and ASF
// attributes. Reading through it keeps this file format-agnostic; only the
// format name and the duration sanity check know about formats.
#include "catalog/tag_reader.h"

#include <taglib/apetag.h>
#include <taglib/asftag.h>
#include <taglib/audioproperties.h>
#include <taglib/fileref.h>
#include <taglib/id3v1genres.h>
#include <taglib/id3v2tag.h>
#include <taglib/mp4tag.h>
#include <taglib/modfilebase.h>
#include <taglib/oggflacfile.h>
#include <taglib/opusfile.h>
#include <taglib/speexfile.h>
#include <taglib/tpropertymap.h>
#include <taglib/textidentificationframe.h>
#include <taglib/uniquefileidentifierframe.h>
#include <taglib/vorbisfile.h>

#include <array>
#include <set>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "catalog/read_ahead_stream.h"

namespace hoard::catalog {
namespace {

// Audio that TagLib 1.13 does not read (what it reads, it lists itself:
// FileRef::defaultFileExtensions, tracker modules included).
constexpr std::array<std::string_view, 11> kUnsupportedAudio = {
    "mka", "webm", "dsf", "dff", "shn", "aac", "ac3", "mid", "ra", "mp2", "tak"};

// Formats whose duration comes from a sample count rather than an estimate,
// and whose silence can compress below any bitrate floor.
constexpr std::array<std::string_view, 7> kLossless = {"flac", "wav",  "aiff", "ape",
                                                      "wv",   "tta",  "alac"};

// An MP3 header can claim any length; below this many bits per second of file
// the claimed duration cannot be real for a lossy stream (MP3's lowest is 8).
constexpr std::int64_t kMinLossyBitsPerSecond = 4000;
constexpr std::int64_t kMaxDurationMs = 48LL * 3600 * 1000;

template <std::size_t N>
bool Contains(const std::array<std::string_view, N>& list, std::string_view value) {
  for (std::string_view item : list) {
    if (item == value) return true;
  }
  return false;
}

std::string First(const TagLib::PropertyMap& props, const char* key) {
  auto it = props.find(key);
  if (it == props.end() || it->second.isEmpty()) return {};
  return it->second.front().stripWhiteSpace().to8Bit(true);
}

// "3", "03", "3/12" -> 3 (and 12 into `total`). Non-numbers give nothing.
std::optional<int> NumberPair(const std::string& text, std::optional<int>& total) {
  const char* begin = text.c_str();
  char* end = nullptr;
  long value = std::strtol(begin, &end, 10);
  if (end == begin || value <= 0 || value > 100000) return std::nullopt;
  if (*end == '/') {
    const char* total_begin = end + 1;
    long total_value = std::strtol(total_begin, &end, 10);
    if (end != total_begin && total_value > 0 && total_value <= 100000) {
      total = static_cast<int>(total_value);
    }
  }
  return static_cast<int>(value);
}

std::optional<int> YearOf(const std::string& date) {
  if (date.size() < 4) return std::nullopt;
  int year = 0;
  for (int i = 0; i < 4; ++i) {
    if (date[i] < '0' || date[i] > '9') return std::nullopt;
    year = year * 10 + (date[i] - '0');
  }
  if (year == 0) return std::nullopt;
  return year;
}

TrackFields FieldsOf(const TagLib::File& file) {
  TagLib::PropertyMap props = file.properties();
  TrackFields f;
  f.artist = First(props, "ARTIST");
  f.albumartist = First(props, "ALBUMARTIST");
  f.album = First(props, "ALBUM");
  f.title = First(props, "TITLE");
  f.genre = First(props, "GENRE");
  f.date = First(props, "DATE");
  if (f.date.empty()) f.date = First(props, "ORIGINALDATE");
  f.year = YearOf(f.date);
  f.track = NumberPair(First(props, "TRACKNUMBER"), f.tracktotal);
  f.disc = NumberPair(First(props, "DISCNUMBER"), f.disctotal);
  std::optional<int> ignored;
  if (!f.tracktotal) f.tracktotal = NumberPair(First(props, "TRACKTOTAL"), ignored);
  if (!f.disctotal) f.disctotal = NumberPair(First(props, "DISCTOTAL"), ignored);
  f.mb_artistid = First(props, "MUSICBRAINZ_ARTISTID");
  f.mb_albumartistid = First(props, "MUSICBRAINZ_ALBUMARTISTID");
  f.mb_albumid = First(props, "MUSICBRAINZ_ALBUMID");
  f.mb_releasegroupid = First(props, "MUSICBRAINZ_RELEASEGROUPID");
  f.mb_trackid = First(props, "MUSICBRAINZ_TRACKID");
  // The generic Tag interface knows fields some formats keep outside the
  // property map (RIFF INFO in WAV, for one).
  if (const TagLib::Tag* tag = file.tag()) {
    if (f.artist.empty()) f.artist = tag->artist().stripWhiteSpace().to8Bit(true);
    if (f.album.empty()) f.album = tag->album().stripWhiteSpace().to8Bit(true);
    if (f.title.empty()) f.title = tag->title().stripWhiteSpace().to8Bit(true);
    if (f.genre.empty()) f.genre = tag->genre().stripWhiteSpace().to8Bit(true);
    if (!f.year && tag->year() > 0 && tag->year() < 10000) f.year = static_cast<int>(tag->year());
    if (!f.track && tag->track() > 0 && tag->track() <= 100000) {
      f.track = static_cast<int>(tag->track());
    }
  }
  return f;
}

std::string FormatOf(const TagLib::File& file, const std::string& extension) {
  if (dynamic_cast<const TagLib::Ogg::Opus::File*>(&file)) return "opus";
  if (dynamic_cast<const TagLib::Ogg::Vorbis::File*>(&file)) return "ogg";
  if (dynamic_cast<const TagLib::Ogg::Speex::File*>(&file)) return "speex";
  if (dynamic_cast<const TagLib::Ogg::FLAC::File*>(&file)) return "flac";
  if (extension == "aif" || extension == "aifc") return "aiff";
  return extension;
}

// Replaces a duration the file's size cannot hold (a garbage MP3 whose first
// false frame sync claims half an hour) by the size/bitrate estimate players
// use, or by nothing.
void SanitizeDuration(AudioInfo& audio, std::int64_t size) {
  if (!audio.duration_ms) return;
  std::int64_t ms = *audio.duration_ms;
  bool absurd = ms <= 0 || ms > kMaxDurationMs;
  if (!absurd && !Contains(kLossless, audio.format)) {
    absurd = size * 8 * 1000 / ms < kMinLossyBitsPerSecond;
  }
  if (!absurd) return;
  // The estimate is only as good as the bitrate: below the floor it is as
  // absurd as the header's claim.
  if (audio.bitrate && *audio.bitrate * 1000 >= kMinLossyBitsPerSecond && size > 0) {
    audio.duration_ms = size * 8 / *audio.bitrate;  // bits / (kbit/s) = ms
  } else {
    audio.duration_ms.reset();
  }
}

}  // namespace

std::string LowerExtension(std::string_view path) {
  std::size_t slash = path.rfind('/');
  std::size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash) ||
      dot + 1 == path.size() || dot == (slash == std::string_view::npos ? 0 : slash + 1)) {
    return {};
  }
  std::string ext(path.substr(dot + 1));
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext;
}

bool IsTagLibExtension(std::string_view extension) {
  // Built once, thread-safely (the walk asks from several threads).
  static const std::set<std::string, std::less<>> kExtensions = [] {
    std::set<std::string, std::less<>> extensions;
    for (const TagLib::String& e : TagLib::FileRef::defaultFileExtensions()) extensions.insert(e.to8Bit(true));
    return extensions;
  }();
  return kExtensions.find(extension) != kExtensions.end();
}

bool IsUnsupportedAudioExtension(std::string_view extension) {
  return Contains(kUnsupportedAudio, extension);
}

void WarmUpTagLib() {
  static std::once_flag once;
  std::call_once(once, [] {
    TagLib::FileRef::defaultFileExtensions();
    TagLib::ID3v1::genreList();
    TagLib::ID3v1::genreMap();
    // ID3v2: the frame-id and TXXX translation tables fill on first lookup.
    TagLib::ID3v2::Tag id3;
    auto* title = new TagLib::ID3v2::TextIdentificationFrame("TIT2", TagLib::String::UTF8);
    title->setText("warm-up");
    id3.addFrame(title);
    auto* txxx = new TagLib::ID3v2::UserTextIdentificationFrame(TagLib::String::UTF8);
    txxx->setDescription("MusicBrainz Album Id");
    txxx->setText("warm-up");
    id3.addFrame(txxx);
    id3.addFrame(new TagLib::ID3v2::UniqueFileIdentifierFrame("http://musicbrainz.org", "warm-up"));
    id3.properties();
    TagLib::ASF::Tag asf;
    asf.setAttribute("MusicBrainz/Album Id", TagLib::ASF::Attribute(TagLib::String("warm-up")));
    asf.properties();
    TagLib::MP4::Tag mp4;
    mp4.setItem("\251ART", TagLib::MP4::Item(TagLib::StringList("warm-up")));
    mp4.properties();
    TagLib::APE::Tag ape;
    ape.addValue("MUSICBRAINZ_ALBUMID", "warm-up");
    ape.properties();
  });
}

Result<TagReadResult> ReadTags(const std::string& path, std::int64_t size) {
  std::string extension = LowerExtension(path);
  if (size == 0) return Status::Error(EINVAL, "empty file");
  if (!IsTagLibExtension(extension)) {
    return Status::Error(EINVAL, extension.empty() ? "no file extension to tell the format"
                                                   : "unsupported format ." + extension);
  }
  ReadAheadStream stream(path);
  if (!stream.isOpen()) {
    return Status::Error(stream.error(), std::string("open: ") + std::strerror(stream.error()));
  }
  // `ref` is declared after `stream`, so the File it owns goes first.
  TagLib::FileRef ref(&stream, true, TagLib::AudioProperties::Average);
  if (stream.error() != 0) {
    return Status::Error(stream.error(), std::string("read: ") + std::strerror(stream.error()));
  }
  if (ref.isNull() || ref.file() == nullptr || !ref.file()->isValid()) {
    return Status::Error(EINVAL, "not a valid ." + extension + " file");
  }
  const TagLib::AudioProperties* props = ref.audioProperties();
  if (props == nullptr) return Status::Error(EINVAL, "no audio properties");
  // A tracker module (mod, s3m, it, xm) is music without a sample rate or a
  // length: its patterns are played, not decoded.
  const bool module = dynamic_cast<const TagLib::Mod::FileBase*>(ref.file()) != nullptr;
  if (!module && props->sampleRate() <= 0 && props->lengthInMilliseconds() <= 0) {
    return Status::Error(EINVAL, "no audio stream");
  }
  TagReadResult result;
  result.fields = FieldsOf(*ref.file());
  result.audio.format = FormatOf(*ref.file(), extension);
  if (props->lengthInMilliseconds() > 0) result.audio.duration_ms = props->lengthInMilliseconds();
  if (props->bitrate() > 0) result.audio.bitrate = props->bitrate();
  if (props->sampleRate() > 0) result.audio.samplerate = props->sampleRate();
  if (props->channels() > 0) result.audio.channels = props->channels();
  SanitizeDuration(result.audio, size);
  return result;
}

}  // namespace hoard::catalog

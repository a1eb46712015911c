#!/usr/bin/env python3
"""Makes a small sample hoard of real audio files and a manifest of what a
catalog must contain after indexing it.

The hoard follows the user's layout (Artist_Name/YEAR_Album/NN_-_Title.ext)
and mixes every case the catalog has to get right: tags in each container
(ID3v2.3, ID3v2.4, ID3v1, Xiph comments in FLAC/Vorbis/Opus, MP4 atoms),
partly tagged and untagged files that need the layout fallback, an
"X,_The" folder, names with spaces, quotes, &, %, # and non-ASCII letters,
a symlink, an empty directory, and broken "audio" (empty, truncated,
random bytes). The manifest spells out the expected catalog values
literally rather than deriving them, so tests check the indexer against an
independent statement of the truth.

Usage: make_sample_hoard.py DIR [--large N]   (N files of ~10 minutes)
Writes DIR/hoard/... and DIR/manifest.json. Needs python3 and ffmpeg.
"""

import argparse
import json
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

MB = {
    "asa_artist": "5f1d2a3b-0000-4000-8000-000000000001",
    "asa_rg": "5f1d2a3b-0000-4000-8000-000000000002",
    "asa_release": "5f1d2a3b-0000-4000-8000-000000000003",
    "asa_track": "5f1d2a3b-0000-4000-8000-000000000004",
    "fix_artist": "5f1d2a3b-0000-4000-8000-000000000011",
    "fix_rg": "5f1d2a3b-0000-4000-8000-000000000012",
}

# ffmpeg arguments per format: codec and container options.
CODECS = {
    "mp3v24": ["-c:a", "libmp3lame", "-b:a", "64k", "-id3v2_version", "4"],
    "mp3v23": ["-c:a", "libmp3lame", "-b:a", "64k", "-id3v2_version", "3"],
    "mp3v1": ["-c:a", "libmp3lame", "-b:a", "64k", "-id3v2_version", "0"],
    "mp3none": ["-c:a", "libmp3lame", "-b:a", "64k", "-id3v2_version", "0"],
    "flac": ["-c:a", "flac"],
    "ogg": ["-c:a", "libvorbis", "-q:a", "0"],
    "opus": ["-c:a", "libopus", "-b:a", "32k"],
    "m4a": ["-c:a", "aac", "-b:a", "64k"],
}
FORMAT_NAME = {"mp3v24": "mp3", "mp3v23": "mp3", "mp3v1": "mp3", "mp3none": "mp3",
               "flac": "flac", "ogg": "ogg", "opus": "opus", "m4a": "m4a"}

FIELDS = ["artist", "albumartist", "album", "title", "year", "track", "disc", "genre",
          "mb_artistid", "mb_albumartistid", "mb_albumid", "mb_releasegroupid", "mb_trackid"]


def mb_tags(codec, artist=None, albumartist=None, release=None, rg=None, track=None):
    """MusicBrainz ids the way Picard writes them: TXXX descriptions in ID3v2,
    upper-case Xiph comment names elsewhere."""
    ids = {"artist": artist, "albumartist": albumartist, "release": release,
           "rg": rg, "track": track}
    if codec.startswith("mp3"):
        names = {"artist": "MusicBrainz Artist Id", "albumartist": "MusicBrainz Album Artist Id",
                 "release": "MusicBrainz Album Id", "rg": "MusicBrainz Release Group Id",
                 "track": "MusicBrainz Release Track Id"}
    else:
        names = {"artist": "MUSICBRAINZ_ARTISTID", "albumartist": "MUSICBRAINZ_ALBUMARTISTID",
                 "release": "MUSICBRAINZ_ALBUMID", "rg": "MUSICBRAINZ_RELEASEGROUPID",
                 "track": "MUSICBRAINZ_TRACKID"}
    return {names[k]: v for k, v in ids.items() if v}


def tracks():
    """(relative path, codec, ffmpeg metadata, expected catalog values, fields from layout)."""
    asa_mb = dict(artist=MB["asa_artist"], albumartist=MB["asa_artist"],
                  release=MB["asa_release"], rg=MB["asa_rg"])
    asa_expect_mb = {"mb_artistid": MB["asa_artist"], "mb_albumartistid": MB["asa_artist"],
                     "mb_albumid": MB["asa_release"], "mb_releasegroupid": MB["asa_rg"]}
    asa = {"artist": "Åsa Öberg", "album_artist": "Åsa Öberg", "album": "Första albumet",
           "date": "2001-04-02", "genre": "Pop"}
    asa_expect = {"artist": "Åsa Öberg", "albumartist": "Åsa Öberg", "album": "Första albumet",
                  "year": 2001, "genre": "Pop", **asa_expect_mb}
    out = []
    album1 = "Åsa_Öberg/2001_Första_Albumet/"
    out.append((album1 + "01_-_Inledning.mp3", "mp3v24",
                {**asa, "title": "Inledning", "track": "1/3", "disc": "1/1",
                 **mb_tags("mp3", **asa_mb, track=MB["asa_track"])},
                {**asa_expect, "title": "Inledning", "track": 1, "disc": 1,
                 "mb_trackid": None}, []))
    out.append((album1 + "02_-_Sång.flac", "flac",
                {**asa, "title": "Sång", "track": "2/3", "disc": "1/1",
                 **mb_tags("flac", **asa_mb, track=MB["asa_track"])},
                {**asa_expect, "title": "Sång", "track": 2, "disc": 1,
                 "mb_trackid": MB["asa_track"]}, []))
    out.append((album1 + "03_-_Avslut.ogg", "ogg",
                {**asa, "title": "Avslut", "track": "3", **mb_tags("ogg", **asa_mb)},
                {**asa_expect, "title": "Avslut", "track": 3, "disc": None,
                 "mb_trackid": None}, []))
    album2 = "Åsa_Öberg/2003_Andra/"
    out.append((album2 + "01_-_Ljus.opus", "opus",
                {"artist": "Åsa Öberg", "album": "Andra", "title": "Ljus", "date": "2003",
                 "track": "1"},
                {"artist": "Åsa Öberg", "albumartist": "Åsa Öberg", "album": "Andra",
                 "title": "Ljus", "year": 2003, "track": 1}, ["albumartist"]))
    # Tagged as ID3v2.3 in an "X,_The" folder.
    fix = "Fixtures,_The/"
    out.append((fix + "1999_Old_Tags/01_-_Version_Three.mp3", "mp3v23",
                {"artist": "The Fixtures", "album_artist": "The Fixtures", "album": "Old Tags",
                 "title": "Version Three", "date": "1999", "track": "1/2", "genre": "Rock",
                 **mb_tags("mp3", artist=MB["fix_artist"], rg=MB["fix_rg"])},
                {"artist": "The Fixtures", "albumartist": "The Fixtures", "album": "Old Tags",
                 "title": "Version Three", "year": 1999, "track": 1, "genre": "Rock",
                 "mb_artistid": MB["fix_artist"], "mb_releasegroupid": MB["fix_rg"]}, []))
    # ID3v1 only: no album artist frame exists, so that comes from the folder.
    out.append((fix + "1999_Old_Tags/02_-_Version_One.mp3", "mp3v1",
                {"artist": "The Fixtures", "album": "Old Tags", "title": "Version One",
                 "date": "1999", "track": "2", "genre": "Rock"},
                {"artist": "The Fixtures", "albumartist": "The Fixtures", "album": "Old Tags",
                 "title": "Version One", "year": 1999, "track": 2, "genre": "Rock"},
                ["albumartist"]))
    # Untagged: everything from the layout, "Fixtures,_The" read as "The Fixtures".
    out.append((fix + "2004_No_Tags_Here/07_-_Untitled_Seven.opus", "opus", {},
                {"artist": "The Fixtures", "albumartist": "The Fixtures",
                 "album": "No Tags Here", "title": "Untitled Seven", "year": 2004, "track": 7},
                ["artist", "albumartist", "album", "title", "year", "track"]))
    # Punctuation in names and tags.
    rr = "Rock_&_Roll_Band/2010_50%_Off_#1/"
    out.append((rr + "01_-_Don't_Stop_\"Now\".m4a", "m4a",
                {"artist": "Rock & Roll Band", "album_artist": "Rock & Roll Band",
                 "album": "50% Off #1", "title": "Don't Stop \"Now\"", "date": "2010",
                 "track": "1/2", "genre": "Hard Rock"},
                {"artist": "Rock & Roll Band", "albumartist": "Rock & Roll Band",
                 "album": "50% Off #1", "title": "Don't Stop \"Now\"", "year": 2010,
                 "track": 1, "genre": "Hard Rock"}, []))
    # Only a title tag: the rest from the layout.
    out.append((rr + "02_-_Half_Tagged.mp3", "mp3v24", {"title": "Half Tagged (from tag)"},
                {"artist": "Rock & Roll Band", "albumartist": "Rock & Roll Band",
                 "album": "50% Off #1", "title": "Half Tagged (from tag)", "year": 2010,
                 "track": 2}, ["artist", "albumartist", "album", "year", "track"]))
    # Spaces instead of underscores, a disc folder.
    sp = "Spaced Out/2005 Space Album/"
    out.append((sp + "01 - First Orbit.flac", "flac", {},
                {"artist": "Spaced Out", "albumartist": "Spaced Out", "album": "Space Album",
                 "title": "First Orbit", "year": 2005, "track": 1},
                ["artist", "albumartist", "album", "title", "year", "track"]))
    out.append((sp + "CD2/03 - Third Orbit.mp3", "mp3none", {},
                {"artist": "Spaced Out", "albumartist": "Spaced Out", "album": "Space Album",
                 "title": "Third Orbit", "year": 2005, "track": 3, "disc": 2},
                ["artist", "albumartist", "album", "title", "year", "track", "disc"]))
    # At the top of the hoard: only a title can be had from the name.
    out.append(("loose_track.ogg", "ogg", {},
                {"title": "loose track"}, ["title"]))
    return out


BROKEN = [
    # (relative path, how it is made)
    ("Broken/2000_Bad/01_-_Empty.mp3", "empty"),
    ("Broken/2000_Bad/02_-_Empty.flac", "empty"),
    ("Broken/2000_Bad/03_-_Truncated.flac", "truncated"),
    ("Broken/2000_Bad/04_-_Truncated.m4a", "truncated"),
    ("Broken/2000_Bad/05_-_Noise.mp3", "random"),
    ("Broken/2000_Bad/06_-_Noise.ogg", "random"),
    ("Broken/2000_Bad/07_-_Noise.m4a", "random"),
]
IGNORED = ["Åsa_Öberg/2001_Första_Albumet/cover.jpg", "Åsa_Öberg/notes.txt"]
SYMLINK = ("Åsa_Öberg/2003_Andra/02_-_Länk.opus", "01_-_Ljus.opus")
EMPTY_DIR = "Empty_Artist/2020_Nothing"


ID3V1_GENRES = {"Rock": 17, "Pop": 13}


def append_id3v1(path, meta):
    """ffmpeg writes no ID3v1 without an ID3v2 tag, so the 128-byte tag is
    appended here: "TAG", title, artist, album (30 bytes each), year (4),
    comment (28), zero, track, genre index."""
    def field(key, size):
        return meta.get(key, "").encode("latin-1")[:size].ljust(size, b"\0")
    tag = (b"TAG" + field("title", 30) + field("artist", 30) + field("album", 30) +
           field("date", 4) + b"\0" * 28 + b"\0" + bytes([int(meta.get("track", "0"))]) +
           bytes([ID3V1_GENRES.get(meta.get("genre"), 255)]))
    with open(path, "ab") as f:
        f.write(tag)


def ffmpeg(out_path, codec, metadata, seconds=1.0, source="sine=frequency=440"):
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    cmd = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi",
           "-i", f"{source}:duration={seconds}", "-ac", "2", "-ar", "44100" if "opus" not in codec
           else "48000", "-map_metadata", "-1"]
    cmd += CODECS[codec]
    if codec != "mp3v1":
        for key, value in metadata.items():
            cmd += ["-metadata", f"{key}={value}"]
    cmd.append(out_path)
    subprocess.run(cmd, check=True)
    if codec == "mp3v1":
        append_id3v1(out_path, metadata)


def expected_entry(rel, codec, expect, layout):
    entry = {"path": rel, "format": FORMAT_NAME[codec], "tags_from": sorted(layout),
             "duration_ms": 1000}
    for f in FIELDS:
        entry[f] = expect.get(f)
    return entry


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("--large", type=int, default=0, help="add N large (~10 min) flac files")
    args = parser.parse_args()
    root = os.path.join(args.dir, "hoard")
    os.makedirs(root, exist_ok=True)

    specs = tracks()
    jobs = [(os.path.join(root, rel), codec, meta) for rel, codec, meta, _, _ in specs]
    large = []
    for i in range(args.large):
        rel = f"Large_Ensemble/2022_Long_Pieces/{i + 1:02d}_-_Long_Piece_{i + 1}.flac"
        large.append(rel)
        jobs.append((os.path.join(root, rel), "flac",
                     {"artist": "Large Ensemble", "album_artist": "Large Ensemble",
                      "album": "Long Pieces", "title": f"Long Piece {i + 1}", "date": "2022",
                      "track": str(i + 1)}))
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = []
        for path, codec, meta in jobs:
            is_large = any(path.endswith(r) for r in large)
            futures.append(pool.submit(ffmpeg, path, codec, meta, 600.0 if is_large else 1.0,
                                       "anoisesrc=color=pink" if is_large else "sine=frequency=440"))
        for f in futures:
            f.result()

    manifest = {"root": "hoard", "tracks": [], "unreadable": [], "ignored": IGNORED,
                "empty_dirs": [EMPTY_DIR], "symlinks": [SYMLINK[0]]}
    for rel, codec, _, expect, layout in specs:
        manifest["tracks"].append(expected_entry(rel, codec, expect, layout))
    for i, rel in enumerate(large):
        manifest["tracks"].append({
            "path": rel, "format": "flac", "tags_from": [], "duration_ms": 600000,
            **{f: None for f in FIELDS}, "artist": "Large Ensemble",
            "albumartist": "Large Ensemble", "album": "Long Pieces",
            "title": f"Long Piece {i + 1}", "year": 2022, "track": i + 1})

    # The symlink reads as its target, under its own path.
    link_path = os.path.join(root, SYMLINK[0])
    os.symlink(SYMLINK[1], link_path)
    target = next(t for t in manifest["tracks"] if t["path"].endswith("/" + SYMLINK[1]))
    manifest["tracks"].append({**target, "path": SYMLINK[0]})

    rng = random.Random(20260401)
    good_flac = os.path.join(root, specs[1][0])
    good_m4a = os.path.join(root, specs[7][0])
    for rel, how in BROKEN:
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if how == "empty":
            data = b""
        elif how == "truncated":
            with open(good_flac if rel.endswith(".flac") else good_m4a, "rb") as f:
                data = f.read(60)
        else:
            data = bytes(rng.getrandbits(8) for _ in range(8192))
        with open(path, "wb") as f:
            f.write(data)
        manifest["unreadable"].append(rel)
    for rel in IGNORED:
        with open(os.path.join(root, rel), "wb") as f:
            f.write(b"not audio\n")
    os.makedirs(os.path.join(root, EMPTY_DIR), exist_ok=True)

    with open(os.path.join(args.dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

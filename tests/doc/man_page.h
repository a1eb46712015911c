// The man pages of doc/man as the tests read them: as man(1) shows them, and
// the parts of their roff source that list options.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace hoard::test {

// doc/man/<name>, e.g. ManPage("hoard.1").
std::filesystem::path ManPage(const std::string& name);
// The file names of every page in doc/man ("hoard.1", ...), sorted.
std::vector<std::string> ManPageNames();

// The page as `man -E ascii -l` shows it, each paragraph on one line (the
// page is laid out 1000 columns wide), without bold or underline.
std::string RenderManPage(const std::string& name);

// The lines of the rendered page's section `title` ("QUERIES"), without
// its heading.
std::string RenderedSection(const std::string& rendered, const std::string& title);

// The forms of the rendered page's SYNOPSIS, one per entry, with runs of
// spaces made one: "hoard index [--db FILE] [-j N] [-q] [--prune] PATH...".
std::vector<std::string> SynopsisForms(const std::string& rendered);

// The option names ("-q", "--db") that `text` (a form, or a line of --help)
// names: words starting with a dash after a space, '[', '|' or the start.
std::vector<std::string> OptionNames(const std::string& text);

// The roff text as it reads: font escapes (\fB, \fI, \fR, \fP) dropped, \-
// a dash, \(ti a tilde.
std::string PlainRoff(const std::string& roff);

// In the roff source, the section `.SH "<section>"` (up to the next .SH):
// the tag of each .TP entry (a macro's arguments, or the text line), as
// PlainRoff makes it.
std::vector<std::string> TaggedEntries(const std::string& roff, const std::string& section);
// In the roff source, the subsection `.SS <subsection>` (up to the next .SS or
// .SH): every \fB...\fR span of its text lines, as PlainRoff makes it
// ("allow_other", "fsname=NAME").
std::vector<std::string> BoldSpans(const std::string& roff, const std::string& subsection);

}  // namespace hoard::test

#include "tests/doc/man_page.h"

#include <algorithm>
#include <regex>
#include <sstream>

#include "tests/support/paths.h"
#include "tests/support/run_command.h"

namespace hoard::test {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string CollapseSpaces(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Overstrike (c\bc bold, _\bc underline) and SGR sequences, which man(1)
// may leave in when told to keep formatting.
std::string StripFormatting(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i + 1 < text.size() && text[i + 1] == '\b') {
      ++i;
      continue;
    }
    if (text[i] == '\033') {
      std::size_t end = text.find('m', i);
      if (end != std::string::npos) {
        i = end;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

// A .SH or .SS line's title: "MOUNT OPTIONS" for `.SH "MOUNT OPTIONS"`.
std::string HeadingTitle(const std::string& line) {
  std::string title = line.substr(3);
  title.erase(std::remove(title.begin(), title.end(), '"'), title.end());
  return PlainRoff(CollapseSpaces(title.substr(title.find_first_not_of(' '))));
}

// A macro line's arguments as the macro sets them: `.B a b` joins them with
// spaces, the alternating macros (.BR, .IR, ...) without.
std::string MacroText(const std::string& line) {
  std::size_t space = line.find(' ');
  if (space == std::string::npos) return "";
  const std::string macro = line.substr(0, space);
  std::vector<std::string> args;
  std::string current;
  bool quoted = false;
  bool in_arg = false;
  for (char c : line.substr(space + 1)) {
    if (c == '"') {
      quoted = !quoted;
      in_arg = true;
    } else if (c == ' ' && !quoted) {
      if (in_arg) args.push_back(current);
      current.clear();
      in_arg = false;
    } else {
      current += c;
      in_arg = true;
    }
  }
  if (in_arg) args.push_back(current);
  std::string text;
  for (const std::string& arg : args) {
    if (!text.empty() && (macro == ".B" || macro == ".I")) text += ' ';
    text += arg;
  }
  return PlainRoff(text);
}

}  // namespace

std::filesystem::path ManPage(const std::string& name) { return SourceDir() / "doc" / "man" / name; }

std::vector<std::string> ManPageNames() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(SourceDir() / "doc" / "man")) {
    if (entry.path().extension() == ".1") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string RenderManPage(const std::string& name) {
  CommandOutput out = RunCommand({"env", "MANWIDTH=1000", "man", "-E", "ascii", "-l", ManPage(name).string()},
                                 /*with_stderr=*/false);
  return StripFormatting(out.output);
}

std::string RenderedSection(const std::string& rendered, const std::string& title) {
  std::string section;
  bool in_section = false;
  for (const std::string& line : Lines(rendered)) {
    if (!line.empty() && line[0] != ' ') {  // a heading
      if (in_section) break;
      in_section = line == title;
    } else if (in_section) {
      section += line + "\n";
    }
  }
  return section;
}

std::vector<std::string> SynopsisForms(const std::string& rendered) {
  std::vector<std::string> forms;
  std::size_t form_indent = 0;
  for (const std::string& line : Lines(RenderedSection(rendered, "SYNOPSIS"))) {
    std::size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos) continue;
    if (forms.empty() || indent <= form_indent) {
      form_indent = indent;
      forms.push_back(CollapseSpaces(line.substr(indent)));
    } else {  // a form wrapped onto a second line
      forms.back() = CollapseSpaces(forms.back() + " " + line.substr(indent));
    }
  }
  return forms;
}

std::vector<std::string> OptionNames(const std::string& text) {
  static const std::regex kOption(R"((^|[\s\[|{(])(--?[A-Za-z][A-Za-z0-9-]*))");
  std::vector<std::string> names;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kOption); it != std::sregex_iterator(); ++it) {
    names.push_back((*it)[2].str());
  }
  return names;
}

std::string PlainRoff(const std::string& roff) {
  std::string out;
  for (std::size_t i = 0; i < roff.size(); ++i) {
    if (roff.compare(i, 2, "\\f") == 0 && i + 2 < roff.size()) {
      i += 2;
    } else if (roff.compare(i, 2, "\\-") == 0) {
      out += '-';
      ++i;
    } else if (roff.compare(i, 5, "\\(ti") == 0) {
      out += '~';
      i += 4;
    } else {
      out += roff[i];
    }
  }
  return out;
}

std::vector<std::string> TaggedEntries(const std::string& roff, const std::string& section) {
  std::vector<std::string> tags;
  const std::vector<std::string> lines = Lines(roff);
  bool in_section = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].starts_with(".SH")) in_section = HeadingTitle(lines[i]) == section;
    if (!in_section || lines[i] != ".TP" || i + 1 >= lines.size()) continue;
    const std::string& tag = lines[++i];
    tags.push_back(tag.starts_with(".") ? MacroText(tag) : PlainRoff(tag));
  }
  return tags;
}

std::vector<std::string> BoldSpans(const std::string& roff, const std::string& subsection) {
  std::vector<std::string> spans;
  bool in_subsection = false;
  for (const std::string& line : Lines(roff)) {
    if (line.starts_with(".SS") || line.starts_with(".SH")) {
      in_subsection = line.starts_with(".SS") && HeadingTitle(line) == subsection;
      continue;
    }
    if (!in_subsection || line.starts_with(".")) continue;
    for (std::size_t start = line.find("\\fB"); start != std::string::npos; start = line.find("\\fB", start)) {
      std::size_t end = std::min(line.find("\\fR", start), line.find("\\fP", start));
      if (end == std::string::npos) end = line.size();
      spans.push_back(PlainRoff(line.substr(start, end - start)));
      start = end;
    }
  }
  return spans;
}

}  // namespace hoard::test

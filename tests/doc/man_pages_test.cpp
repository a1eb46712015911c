// The man pages in doc/man: groff reads them without a warning, lexgrog
// finds their NAME, they are installed, their SYNOPSIS is the table of
// documented forms (documented_forms.h), and every option each command's
// help names, and every field of the query language, is in its page.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>
#include <sstream>

#include "tests/doc/documented_forms.h"
#include "tests/doc/man_page.h"
#include "tests/support/paths.h"
#include "tests/support/run_command.h"

namespace hoard::test {
namespace {

std::string ReadPage(const std::string& name) { return ReadWholeFile(ManPage(name), "man page"); }

std::vector<std::string> Sorted(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  return items;
}

// Whether `name` ("--db") stands in `text` as a word of its own.
bool NamesWord(const std::string& text, const std::string& name) {
  auto is_name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; };
  for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
    const bool starts = at == 0 || !is_name_char(text[at - 1]);
    const bool ends = at + name.size() == text.size() || !is_name_char(text[at + name.size()]);
    if (starts && ends) return true;
  }
  return false;
}

// The leading command words of a form: "hoard link probe" for
// "hoard link probe [-q] ...".
std::string FormCommand(const std::string& form) {
  static const std::regex kWord("^[a-z][a-z-]*$");
  std::istringstream in(form);
  std::string command;
  for (std::string word; in >> word && std::regex_match(word, kWord);) command += (command.empty() ? "" : " ") + word;
  return command;
}

struct HelpCommand {
  std::string path;                                // "hoard feed list"
  std::vector<std::vector<std::string>> options;   // {"-j", "--jobs"}, ... without the help flag
  bool leaf = true;                                // no subcommands
};

// `hoard ... --help` of every command and group, from the top down.
std::vector<HelpCommand> HoardCommands() {
  std::vector<HelpCommand> commands;
  std::vector<std::vector<std::string>> pending = {{}};
  while (!pending.empty()) {
    std::vector<std::string> words = pending.back();
    pending.pop_back();
    std::vector<std::string> args = words;
    args.push_back("--help");
    CommandOutput help = RunHoard(args);
    HelpCommand command;
    command.path = "hoard";
    for (const std::string& w : words) command.path += " " + w;
    EXPECT_EQ(help.status, 0) << command.path << " --help\n" << help.output;
    std::istringstream in(help.output);
    std::string section;
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line[0] != ' ') {
        section = line;
        continue;
      }
      std::istringstream fields(line);
      std::string first;
      if (!(fields >> first)) continue;
      if (section == "Subcommands:") {
        command.leaf = false;
        std::vector<std::string> sub = words;
        sub.push_back(first);
        pending.push_back(sub);
      } else if (section == "Options:" && first[0] == '-') {
        std::vector<std::string> aliases;
        std::stringstream names(first);
        for (std::string name; std::getline(names, name, ',');) aliases.push_back(name);
        if (std::find(aliases.begin(), aliases.end(), "--help") == aliases.end()) command.options.push_back(aliases);
      }
    }
    commands.push_back(command);
  }
  return commands;
}

TEST(ManPageTest, GroffReadsEveryPageWithoutAWarning) {
  ASSERT_FALSE(ManPageNames().empty());
  for (const std::string& name : ManPageNames()) {
    // stderr only: what groff (and man) complain about.
    CommandOutput out = RunCommand(
        {"sh", "-c", "man --warnings -E UTF-8 -l \"$0\" 2>&1 >/dev/null", ManPage(name).string()});
    EXPECT_EQ(out.status, 0) << name;
    EXPECT_EQ(out.output, "") << name;
  }
}

TEST(ManPageTest, LexgrogFindsTheNameOfEveryPage) {
  for (const std::string& name : ManPageNames()) {
    CommandOutput out = RunCommand({"lexgrog", ManPage(name).string()});
    EXPECT_EQ(out.status, 0) << name << ": " << out.output;
    // `hoard.1: "hoard - ..."`: the page's own name, then its description.
    const std::string command = name.substr(0, name.rfind('.'));
    EXPECT_NE(out.output.find(": \"" + command + " - "), std::string::npos) << name << ": " << out.output;
  }
}

TEST(ManPageTest, EveryPageIsInstalled) {
  const std::string cmake = ReadWholeFile(SourceDir() / "doc" / "man" / "CMakeLists.txt", "install rules");
  EXPECT_NE(cmake.find("DESTINATION ${CMAKE_INSTALL_MANDIR}/man1"), std::string::npos) << cmake;
  for (const std::string& name : ManPageNames()) EXPECT_TRUE(NamesWord(cmake, name)) << name << " not installed";
}

TEST(ManPageTest, SynopsisOfEveryPageIsTheTableOfDocumentedForms) {
  std::set<std::string> pages;
  for (const std::string& name : ManPageNames()) {
    pages.insert(name);
    std::vector<std::string> table;
    for (const DocumentedForm& form : DocumentedForms()) {
      if (form.page == name) table.push_back(form.synopsis);
    }
    EXPECT_EQ(Sorted(SynopsisForms(RenderManPage(name))), Sorted(table)) << name;
  }
  for (const DocumentedForm& form : DocumentedForms()) EXPECT_TRUE(pages.count(form.page)) << form.page;
}

TEST(ManPageTest, RunsOfEveryFormUseEveryOptionItNames) {
  for (const DocumentedForm& form : DocumentedForms()) {
    EXPECT_FALSE(form.runs.empty()) << form.synopsis;
    for (const std::string& option : OptionNames(form.synopsis)) {
      bool used = false;
      for (const FormRun& run : form.runs) {
        for (const std::string& arg : run.argv) used = used || arg == option || arg.starts_with(option + "=");
      }
      EXPECT_TRUE(used) << form.synopsis << ": no run uses " << option;
    }
  }
}

TEST(HelpTest, EveryHoardCommandHasAFormWithEveryOptionOfItsHelp) {
  const std::string page = RenderManPage("hoard.1");
  const std::vector<std::string> forms = SynopsisForms(page);
  std::set<std::string> commands;
  for (const HelpCommand& command : HoardCommands()) {
    commands.insert(command.path);
    std::vector<std::string> named;
    int form_count = 0;
    for (const std::string& form : forms) {
      if (FormCommand(form) != command.path) continue;
      ++form_count;
      for (const std::string& name : OptionNames(form)) named.push_back(name);
    }
    if (command.leaf || !command.options.empty()) {
      EXPECT_GT(form_count, 0) << "hoard.1 has no SYNOPSIS form of " << command.path;
    }
    for (const std::vector<std::string>& aliases : command.options) {
      bool in_form = false;
      for (const std::string& alias : aliases) {
        in_form = in_form || std::find(named.begin(), named.end(), alias) != named.end();
        EXPECT_TRUE(NamesWord(page, alias)) << "hoard.1 never names " << alias << " of " << command.path;
      }
      EXPECT_TRUE(in_form) << "the SYNOPSIS of " << command.path << " lacks " << aliases.front();
    }
  }
  EXPECT_TRUE(commands.count("hoard link probe")) << "the help of the forwarded commands was read";
  for (const std::string& form : forms) EXPECT_TRUE(commands.count(FormCommand(form))) << form;
}

// The query language's fields, as `hoard ls` lists them when it is given an
// unknown one, are in the page's QUERIES.
TEST(HelpTest, EveryQueryFieldIsInThePage) {
  CommandOutput out = RunHoard({"ls", "--db", "/nonexistent/catalog.db", "nosuchfield:x"});
  EXPECT_EQ(out.status, 2) << out.output;
  std::smatch fields;
  ASSERT_TRUE(std::regex_search(out.output, fields, std::regex(R"(\(fields: ([^)]*)\))"))) << out.output;
  const std::string queries = RenderedSection(RenderManPage("hoard.1"), "QUERIES");
  std::stringstream names(fields[1].str());
  int count = 0;
  for (std::string name; std::getline(names, name, ',');) {
    name.erase(0, name.find_first_not_of(' '));
    EXPECT_TRUE(NamesWord(queries, name)) << "QUERIES of hoard.1 lacks the field " << name;
    ++count;
  }
  EXPECT_GT(count, 20) << out.output;
}

TEST(HelpTest, EveryMountOptionOfHoardfsHelpIsInThePage) {
  const std::string roff = ReadPage("hoardfs.1");
  std::set<std::string> documented;
  std::vector<std::string> entries = TaggedEntries(roff, "MOUNT OPTIONS");
  for (const char* subsection : {"FUSE options", "mount(8) options"}) {
    for (const std::string& span : BoldSpans(roff, subsection)) entries.push_back(span);
  }
  for (const std::string& entry : entries) {
    std::stringstream aliases(entry);
    for (std::string alias; std::getline(aliases, alias, ',');) {
      alias.erase(0, alias.find_first_not_of(' '));
      documented.insert(alias.substr(0, alias.find('=')));
    }
  }
  EXPECT_TRUE(documented.count("cache_size")) << "the page's options were read";

  CommandOutput help = RunCommand({Executable("hoardfs").string(), "-h"});
  ASSERT_EQ(help.status, 0) << help.output;
  // The option lists after the usage line: "name=VALUE", "-o name", and the
  // names with an underscore.
  const std::size_t lists = help.output.find("SSH options:");
  ASSERT_NE(lists, std::string::npos) << help.output;
  const std::string text = help.output.substr(lists);
  static const std::regex kName(R"(([a-z_]+)=|-o ([a-z_]+)|\b([a-z]+(?:_[a-z]+)+)\b)");
  std::set<std::string> in_help;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kName); it != std::sregex_iterator(); ++it) {
    for (int group = 1; group <= 3; ++group) {
      if ((*it)[group].matched) in_help.insert((*it)[group].str());
    }
  }
  EXPECT_TRUE(in_help.count("accept_new_host_key")) << help.output;
  for (const std::string& name : in_help) EXPECT_TRUE(documented.count(name)) << "hoardfs.1 lacks -o " << name;
}

}  // namespace
}  // namespace hoard::test

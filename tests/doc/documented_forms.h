// What the man pages say each command takes, and how the tests run it.
//
// One entry per form of a page's SYNOPSIS, as man(1) shows it, with
// invocations of that form. The tests check both ways that these forms are
// exactly the pages' forms, so a page cannot gain or change a form without
// this table, nor the table without the page; that the runs of a form use
// every option it names; and then run them against the real programs.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace hoard::test {

struct FormRun {
  // The program (hoard, hoardfs or hoard-tunnel, from build/bin) and its
  // arguments. "{name}" stands for a value the test provides: a catalog in a
  // temporary folder, the test sshd's port, ...
  std::vector<std::string> argv;
  // The exit status it must end with, and what its output (stdout and stderr)
  // must contain ("{name}" as in argv; empty: anything).
  int status = 0;
  std::string output;
  // For a server: stopped with SIGTERM after this many seconds; its exit
  // status is then its own. 0: the command ends by itself.
  int stop_after_seconds = 0;
};

struct DocumentedForm {
  std::string page;      // "hoard.1"
  std::string synopsis;  // the SYNOPSIS entry as man(1) shows it
  std::vector<FormRun> runs;
};

// Every page's forms, in the order their runs must go (an index before the
// queries of what it indexed, a probe before the status of what it recorded).
const std::vector<DocumentedForm>& DocumentedForms();

// `text` with every "{name}" replaced by vars' value; throws
// std::out_of_range naming a placeholder that has none.
std::string Expand(const std::string& text, const std::map<std::string, std::string>& vars);

}  // namespace hoard::test

// Whatever the man pages and the help say a command takes, it takes: every
// documented form (documented_forms.h) and every mount option of hoardfs.1
// runs against the real programs, with a real catalog of the sample hoard,
// the fake MusicBrainz, a real hoardfs cache and a real sshd. A run must not
// end in a usage error, and must end as the table says: a form that cannot
// succeed here (hoardfs without a server) fails for that reason, by name.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "fs/cache/cache_clock.h"
#include "fs/cache/cache_store.h"
#include "tests/doc/documented_forms.h"
#include "tests/doc/man_page.h"
#include "tests/support/fake_api_server.h"
#include "tests/support/paths.h"
#include "tests/support/run_command.h"
#include "tests/support/sample_hoard.h"
#include "tests/support/sshd_server.h"

namespace hoard::test {
namespace {

using Vars = std::map<std::string, std::string>;

// What the programs print when they refuse their command line.
bool IsUsageError(const CommandOutput& out) {
  // 2: a value the command refused; 100..127: CLI11's parse errors.
  if (out.status == 2 || (out.status >= 100 && out.status <= 127)) return true;
  for (const char* refusal :
       {"Run with --help", "was not expected", "were not expected", "invalid source", "unknown option",
        "unknown argument", "needs a value", "takes no value", "invalid value", "expected a source",
        "bad forward spec", "usage: hoard-tunnel"}) {
    if (out.output.find(refusal) != std::string::npos) return true;
  }
  return false;
}

std::string Shown(const std::vector<std::string>& argv) {
  std::string shown;
  for (const std::string& arg : argv) shown += (shown.empty() ? "" : " ") + arg;
  return shown;
}

// Runs `run` with `vars`, after `prefix` (a wrapper command, or nothing).
void ExpectRunAsDocumented(const FormRun& run, const Vars& vars, const std::vector<std::string>& prefix = {}) {
  std::vector<std::string> argv = prefix;
  if (run.stop_after_seconds > 0) {
    argv.insert(argv.end(), {"timeout", "--preserve-status", "-s", "TERM", std::to_string(run.stop_after_seconds)});
  }
  argv.push_back(Executable(run.argv.front()).string());
  for (std::size_t i = 1; i < run.argv.size(); ++i) argv.push_back(Expand(run.argv[i], vars));
  const std::string shown = Shown(run.argv) + "\n  as: " + Shown(argv);
  CommandOutput out = RunCommand(argv);
  EXPECT_FALSE(IsUsageError(out)) << shown << "\nexit " << out.status << ": " << out.output;
  EXPECT_EQ(out.status, run.status) << shown << "\n" << out.output;
  const std::string expected = Expand(run.output, vars);
  EXPECT_NE(out.output.find(expected), std::string::npos) << shown << "\nwants \"" << expected << "\" in:\n"
                                                          << out.output;
}

void RunFormsOf(const std::string& page, const Vars& vars, const std::vector<std::string>& prefix = {}) {
  int runs = 0;
  for (const DocumentedForm& form : DocumentedForms()) {
    if (form.page != page) continue;
    SCOPED_TRACE(form.synopsis);
    for (const FormRun& run : form.runs) {
      ExpectRunAsDocumented(run, vars, prefix);
      ++runs;
    }
  }
  EXPECT_GT(runs, 0) << page;
}

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
}

// Every program runs with a HOME and XDG folders of its own (nothing of the
// machine's user is read or written), no agent and no catalog or
// configuration named by the environment.
class DocumentedFormsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"data", "config", "cache", "home"}) {
      std::filesystem::create_directories(dir_.path() / name);
    }
    setenv("HOME", (dir_.path() / "home").c_str(), 1);
    setenv("XDG_DATA_HOME", (dir_.path() / "data").c_str(), 1);
    setenv("XDG_CONFIG_HOME", (dir_.path() / "config").c_str(), 1);
    setenv("XDG_CACHE_HOME", (dir_.path() / "cache").c_str(), 1);
    for (const char* name : {"SSH_AUTH_SOCK", "HOARD_DB", "HOARD_CONFIG"}) unsetenv(name);
  }

  std::filesystem::path Made(const std::string& name) {
    std::filesystem::path path = dir_.path() / name;
    std::filesystem::create_directories(path);
    return path;
  }

  // The test sshd's part of the values.
  Vars SshdVars(const SshdServer& sshd) {
    return {{"user", sshd.user()},
            {"sshd_port", std::to_string(sshd.port())},
            {"key", sshd.client_key().string()},
            {"wrong_key", sshd.wrong_key().string()},
            {"known_hosts", sshd.known_hosts().string()},
            {"root", sshd.root().string()}};
  }

  TempDir dir_;
};

TEST_F(DocumentedFormsTest, HoardTakesEveryFormOfItsPage) {
  SampleHoard hoard;
  FakeApiServer api;
  api.Add(ScenarioRoutes());
  SshdServer sshd;
  ASSERT_TRUE(sshd.Start());
  const std::filesystem::path config = dir_.path() / "config.toml";
  WriteFile(config, "[musicbrainz]\nurl = \"" + api.url() + "/ws/2\"\ncontact = \"doc-test@example.org\"\n" +
                        "rate_limit = 50\n[http]\ntimeout = \"5s\"\nretries = 0\n");
  const std::filesystem::path owned = dir_.path() / "owned.json";
  WriteFile(owned, R"([{"name": "Åsa Öberg", "mb_artistid": ")" + std::string(kAsaObergId) +
                       R"(", "albums": [{"title": "Första albumet", "year": 2001}]}])");
  const std::filesystem::path cache = Made("hoardfs-cache");
  {
    static const fs::SystemClock kClock;
    auto store = fs::CacheStore::Open(cache, 1 << 30, kClock);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
  }

  Vars vars = SshdVars(sshd);
  vars.insert({{"db", (dir_.path() / "catalog.db").string()},
               {"config", config.string()},
               {"owned", owned.string()},
               {"music", hoard.root().string()},
               {"empty", Made("empty").string()},
               {"cache", cache.string()},
               {"out", Made("out").string()}});
  RunFormsOf("hoard.1", vars);
}

TEST_F(DocumentedFormsTest, HoardfsTakesEveryFormOfItsPage) {
  RunFormsOf("hoardfs.1", {{"user", "doc"}, {"mnt", Made("mnt").string()},
                           {"refused", std::to_string(ClosedLoopbackPort())}});
}

// The example value of each placeholder of hoardfs.1's mount options.
Vars MountOptionValues(const std::filesystem::path& file, const std::filesystem::path& dir) {
  return {{"N", "1"},
          {"FILE", file.string()},
          {"DIR", dir.string()},
          {"DURATION", "5s"},
          {"SECONDS", "0.5"},
          {"SIZE", "1G"},
          {"RATE", "2M"},
          {"CIPHER[:CIPHER...]", "aes128-ctr:aes256-ctr"},
          {"MAC[:MAC...]", "hmac-sha2-256:hmac-sha1"},
          {"NAME", "doc-test"},
          {"MASK", "022"},
          {"TEXT", "doc-test"}};
}

// The options `entry` of the page stands for, with example values:
// "port=N" -> {"port=1"}, "prefetch=none|file|album" -> one each,
// "x-NAME" -> {"x-doc-test"}, "offline" -> {"offline"}.
std::vector<std::string> ExampleOptions(const std::string& entry, const Vars& values) {
  static const std::regex kPrefixed("^(.*-)([A-Z]+)$");
  std::smatch prefixed;
  std::string name, placeholder;
  if (std::size_t eq = entry.find('='); eq != std::string::npos) {
    name = entry.substr(0, eq + 1);
    placeholder = entry.substr(eq + 1);
  } else if (std::regex_match(entry, prefixed, kPrefixed)) {
    name = prefixed[1];
    placeholder = prefixed[2];
  } else {
    return {entry};
  }
  std::vector<std::string> options;
  if (placeholder.find('|') != std::string::npos) {
    std::stringstream choices(placeholder);
    for (std::string choice; std::getline(choices, choice, '|');) options.push_back(name + choice);
    return options;
  }
  auto value = values.find(placeholder);
  if (value == values.end()) {
    ADD_FAILURE() << "no example value for " << placeholder << " of " << entry;
    return {};
  }
  return {name + value->second};
}

TEST_F(DocumentedFormsTest, HoardfsTakesEveryMountOptionOfItsPage) {
  const std::string roff = ReadWholeFile(ManPage("hoardfs.1"), "man page");
  std::vector<std::string> entries = TaggedEntries(roff, "MOUNT OPTIONS");
  for (const char* subsection : {"FUSE options", "mount(8) options"}) {
    for (const std::string& span : BoldSpans(roff, subsection)) entries.push_back(span);
  }
  ASSERT_GT(entries.size(), 40u) << "the page's options were read";
  const std::filesystem::path file = dir_.path() / "file";
  WriteFile(file, "");
  const Vars values = MountOptionValues(file, Made("dir"));
  const std::string refused = std::to_string(ClosedLoopbackPort());
  const Vars vars = {{"mnt", Made("mnt").string()}, {"refused", refused}};
  for (const std::string& entry : entries) {
    std::stringstream aliases(entry);
    for (std::string alias; std::getline(aliases, alias, ',');) {
      alias.erase(0, alias.find_first_not_of(' '));
      for (const std::string& option : ExampleOptions(alias, values)) {
        // The option before port=: an example port of its own is overridden.
        FormRun run{{"hoardfs", "127.0.0.1:", "{mnt}", "-o", option, "-o", "port={refused}"},
                    1,
                    option == "offline" ? "offline: no cache of this source"
                                        : "connection refused by 127.0.0.1:{refused}"};
        ExpectRunAsDocumented(run, vars);
      }
    }
  }
}

// hoard-tunnel keeps its state in fixed places (/run/user/UID/hoard-tunnel,
// else /tmp/hoard-tunnel-UID), so every run gets a mount namespace of its
// own with an empty tmpfs over /run holding a /run/user/UID of mode 700:
// the machine's are never touched, and /tmp (the sshd's keys) stays as it
// is. The tunnels are found by their ssh processes, which outlive the runs.
// That needs root, as the test sshd's login does.
class HoardTunnelFormsTest : public DocumentedFormsTest {
 protected:
  void TearDown() override {
    for (const char* spec : {"spec", "spec2"}) {
      if (vars_.count(spec) == 0) continue;
      RunCommand(Namespace({Executable("hoard-tunnel").string(), "-q", "--stop", vars_[spec], vars_["dest"]}));
    }
  }
  static std::vector<std::string> Namespace(std::vector<std::string> argv) {
    std::vector<std::string> wrapped = NamespacePrefix();
    wrapped.insert(wrapped.end(), argv.begin(), argv.end());
    return wrapped;
  }
  static std::vector<std::string> NamespacePrefix() {
    return {"unshare", "--mount", "--propagation", "private", "sh", "-c",
            "mount -t tmpfs -o mode=755 hoard-doc-test /run && mkdir -p -m 700 /run/user/$(id -u) && exec \"$@\"",
            "sh"};
  }
  Vars vars_;
};

TEST_F(HoardTunnelFormsTest, HoardTunnelTakesEveryFormOfItsPage) {
  CommandOutput probe = RunCommand(Namespace({"true"}));
  ASSERT_EQ(probe.status, 0) << "a mount namespace with a tmpfs over /run (run as root): " << probe.output;
  SshdServer sshd;
  ASSERT_TRUE(sshd.Start());
  vars_ = SshdVars(sshd);
  const std::string port = vars_["sshd_port"];
  vars_["spec"] = "127.0.0.1:" + std::to_string(ClosedLoopbackPort()) + ":127.0.0.1:" + port;
  vars_["spec2"] = std::to_string(ClosedLoopbackPort()) + ":127.0.0.1:" + port;
  vars_["dest"] = sshd.user() + "@127.0.0.1";
  RunFormsOf("hoard-tunnel.1", vars_, NamespacePrefix());
}

// `hoard link probe` takes the source its help names: each way of writing
// the help's "[user@]host[:path]" reaches the sshd and finds it up, also
// right after -i twice and before more options (each -i takes one FILE, not
// the source after it).
TEST_F(DocumentedFormsTest, LinkProbeTakesEverySourceItsHelpNames) {
  CommandOutput help = RunHoard({"link", "probe", "--help"});
  ASSERT_EQ(help.status, 0) << help.output;
  std::smatch source;
  ASSERT_TRUE(std::regex_search(help.output, source, std::regex(R"(source TEXT REQUIRED\s+(\S+))"))) << help.output;
  const std::string grammar = source[1];
  // Every choice of the bracketed parts present or left out.
  std::vector<std::string> forms = {""};
  static const std::regex kPart(R"(\[([^\]]*)\]|[^\[]+)");
  for (auto it = std::sregex_iterator(grammar.begin(), grammar.end(), kPart); it != std::sregex_iterator(); ++it) {
    std::vector<std::string> next;
    for (const std::string& form : forms) {
      if ((*it)[1].matched) next.push_back(form);
      next.push_back(form + ((*it)[1].matched ? (*it)[1].str() : (*it)[0].str()));
    }
    forms = next;
  }
  ASSERT_EQ(forms.size(), 4u) << grammar;

  SshdServer sshd;
  ASSERT_TRUE(sshd.Start());
  const Vars vars = SshdVars(sshd);
  const Vars words = {{"user", sshd.user()}, {"host", "127.0.0.1"}, {"path", sshd.root().string()}};
  static const std::regex kWord("[a-z]+|[^a-z]+");
  for (const std::string& form : forms) {
    std::string written;
    for (auto it = std::sregex_iterator(form.begin(), form.end(), kWord); it != std::sregex_iterator(); ++it) {
      auto word = words.find(it->str());
      written += word == words.end() ? it->str() : word->second;
    }
    FormRun run{{"hoard", "link", "probe", "-p", "{sshd_port}", "-i", "{wrong_key}", "-i", "{key}", written,
                 "--known-hosts", "{known_hosts}", "--db", (dir_.path() / "link.db").string(), "--timeout", "10"},
                0,
                "up: " + written};
    SCOPED_TRACE(form);
    ExpectRunAsDocumented(run, vars);
  }
}

}  // namespace
}  // namespace hoard::test

#include "tests/support/sample_hoard.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

namespace hoard::test {

int RunProgram(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

SampleHoard::SampleHoard(Options options) {
  std::vector<std::string> argv = {"python3",
                                   (SourceDir() / "tests/support/make_sample_hoard.py").string(),
                                   dir_.path().string()};
  if (options.large_files > 0) {
    argv.push_back("--large");
    argv.push_back(std::to_string(options.large_files));
  }
  int rc = RunProgram(argv);
  if (rc != 0) {
    ADD_FAILURE() << "make_sample_hoard.py failed (exit " << rc << "); are python3 and ffmpeg installed?";
    manifest_ = nlohmann::json::object();
    return;
  }
  std::ifstream in(dir_.path() / "manifest.json");
  manifest_ = nlohmann::json::parse(in, nullptr, false);
  if (manifest_.is_discarded()) {
    ADD_FAILURE() << "sample hoard manifest is not JSON";
    manifest_ = nlohmann::json::object();
  }
}

const nlohmann::json& SampleHoard::Track(const std::string& relative) const {
  static const nlohmann::json kMissing = nlohmann::json::object();
  auto tracks = manifest_.find("tracks");
  if (tracks != manifest_.end()) {
    for (const nlohmann::json& track : *tracks) {
      if (track["path"] == relative) return track;
    }
  }
  ADD_FAILURE() << "no track " << relative << " in the sample hoard manifest";
  return kMissing;
}

}  // namespace hoard::test

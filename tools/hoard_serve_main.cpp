// hoard-serve: the program behind `hoard serve` (see subprogram_forwarder.cpp
// for why the web view is a program of its own).
#include "tools/commands.h"

int main(int argc, char** argv) {
  return hoard::tools::RunCommandLine(argc, argv, "hoard-serve: the web view of hoard, run as `hoard serve`",
                                     hoard::tools::AddServeCommand);
}

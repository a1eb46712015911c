// hoard-link: the program behind `hoard link` (see subprogram_forwarder.cpp
// for why the SSH probe is a program of its own).
#include "tools/commands.h"

int main(int argc, char** argv) {
  return hoard::tools::RunCommandLine(argc, argv, "hoard-link: the link history of hoard, run as `hoard link`",
                                     hoard::tools::AddLinkCommand);
}

#pragma once
// The snn command run as a user runs it, its output (standard output and error together) captured.
#include <string>

namespace snn::testing {

struct CommandResult {
  int status;  // as pclose returns it: 0 for success
  std::string output;
};

// `snn ARGUMENTS` (passed through the shell, so quote as a user would).
CommandResult run_snn(const std::string& arguments);

// Any command line, output captured the same way.
CommandResult run_shell(const std::string& command);

}  // namespace snn::testing

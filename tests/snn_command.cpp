#include "tests/snn_command.hpp"

#include <cstdio>

#include "tests/test_support.hpp"

namespace snn::testing {

CommandResult run_shell(const std::string& command) {
  CommandResult result{0, ""};
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, n);
  result.status = pclose(pipe);
  return result;
}

CommandResult run_snn(const std::string& arguments) { return run_shell(snn_binary() + " " + arguments); }

}  // namespace snn::testing

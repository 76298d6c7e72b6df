#include "tests/child_process.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/test_support.hpp"

namespace snn::testing {

// Everything the child needs is made before the fork: the parent has threads, and a child may only exec.
pid_t start_snn(const std::vector<std::string>& arguments) {
  const std::string binary = snn_binary();
  std::vector<const char*> argv{binary.c_str()};
  for (const std::string& a : arguments) argv.push_back(a.c_str());
  argv.push_back(nullptr);
  const int quiet = open("/dev/null", O_WRONLY);
  const pid_t child = fork();
  if (child == 0) {
    dup2(quiet, STDOUT_FILENO);
    execv(binary.c_str(), const_cast<char* const*>(argv.data()));
    _exit(127);
  }
  close(quiet);
  return child;
}

int exit_status(pid_t child) {
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool file_exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

}  // namespace snn::testing

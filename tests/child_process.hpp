#pragma once
// `snn` as a child process the test can signal: started with its output silenced, waited for.
#include <sys/types.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace snn::testing {

// Starts the snn binary with `arguments` (after the program name), its standard output discarded.
pid_t start_snn(const std::vector<std::string>& arguments);

// The child's exit status; 128 + the signal that ended it.
int exit_status(pid_t child);

bool file_exists(const std::string& path);

// Waits (a minute at most) until `ready` holds, looking every 10 ms; false if it never did.
template <typename Ready>
bool wait_until(Ready ready) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (std::chrono::steady_clock::now() < deadline) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace snn::testing

#pragma once
// What every harness shares: the fuzzer's input as a file (the readers under test take paths, as users
// give them), and the rule that a reader may refuse an input only with an error that says what is
// wrong (std::runtime_error, whose located kinds ExperimentError and the readers' messages are, or
// std::invalid_argument); anything else escaping (std::bad_alloc, std::out_of_range, a logic error) is a
// finding, as are the crashes, leaks and undefined behaviour the sanitizers catch.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace snn::fuzz {

// Writes the input to a file of this process's own (the same each time) and returns its path.
inline std::string as_file(const uint8_t* data, size_t size, const char* name) {
  const std::string path = "/tmp/snn_fuzz_" + std::to_string(getpid()) + "_" + name;
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, file) != size) std::abort();
  std::fclose(file);
  return path;
}

// Runs `read`, accepting the refusals a user is meant to see.
template <typename Read>
void refused_or_read(Read read) {
  try {
    read();
  } catch (const std::runtime_error&) {
  } catch (const std::invalid_argument&) {
  }
}

}  // namespace snn::fuzz

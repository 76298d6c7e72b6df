// Fuzzes the safetensors reader (model weights and data a user gives `classify`, `generate`, layer models).
#include "models/safetensors.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = snn::fuzz::as_file(data, size, "input.safetensors");
  snn::fuzz::refused_or_read([&] { (void)snn::read_safetensors(path); });
  return 0;
}

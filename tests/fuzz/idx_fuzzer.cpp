// Fuzzes the IDX reader (MNIST-style datasets that encoders read), plain and gzip-compressed.
#include "io/idx_reader.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = snn::fuzz::as_file(data, size, "input.idx");
  snn::fuzz::refused_or_read([&] { (void)snn::read_idx(path); });
  return 0;
}

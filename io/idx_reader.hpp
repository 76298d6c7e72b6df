#pragma once
// The IDX format of MNIST and Fashion-MNIST (big-endian header: two zero bytes, a type code, the
// number of dimensions, then each dimension as 32 bits; unsigned bytes follow), read plain or
// gzip-compressed (as Debian's dataset-fashion-mnist installs it) through zlib.
#include <cstdint>
#include <string>
#include <vector>

namespace snn {

struct IdxArray {
  std::vector<uint32_t> dims;  // e.g. {60000, 28, 28} for images, {60000} for labels
  std::vector<uint8_t> data;   // row-major
  uint64_t item_size() const;  // elements per item (product of dims after the first)
};

// Throws std::runtime_error naming the file and the byte offset (in the uncompressed stream) of
// what is wrong.
IdxArray read_idx(const std::string& path);

}  // namespace snn

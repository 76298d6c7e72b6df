#pragma once
// numpy's .npy files (format versions 1 to 3: the magic, a header dictionary with 'descr',
// 'fortran_order' and 'shape', then the data): little-endian floats, integers and booleans in C order,
// read as float32. What the NIR runs take as input (`snn run model.nir --input data.npy`).
#include <cstdint>
#include <string>
#include <vector>

namespace snn {

struct NpyArray {
  std::vector<int64_t> shape;
  std::vector<float> values;  // row-major
};

// Throws std::runtime_error naming the file and what is wrong (byte offset of the header's fault,
// the type it does not read, the size it expected).
NpyArray read_npy(const std::string& path);

}  // namespace snn

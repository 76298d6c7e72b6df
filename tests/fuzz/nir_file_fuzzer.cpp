// Fuzzes the reading and checking of NIR files (HDF5) as `snn run MODEL.nir` reads them, seeded with
// the NIR paper's graphs. A file is read, then compiled for a step of 0.1 ms; either may refuse it
// (NirError names the node and the reason), neither may crash, hang or leave an HDF5 identifier open.
#include <hdf5.h>

#include <cstdlib>

#include "nir/nir_program.hpp"
#include "nir/nir_reader.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = snn::fuzz::as_file(data, size, "input.nir");
  snn::fuzz::refused_or_read([&] { (void)snn::compile_nir(snn::read_nir_file(path), 1e-4); });
  if (H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) != 0) std::abort();
  return 0;
}

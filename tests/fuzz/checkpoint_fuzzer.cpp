// Fuzzes the reading of checkpoints (`snn run --resume`), seeded with a small one; like run files, a
// read must leave no HDF5 identifier open, refused or not.
#include <hdf5.h>

#include <cstdlib>

#include "io/checkpoint_file.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = snn::fuzz::as_file(data, size, "input.checkpoint.h5");
  snn::fuzz::refused_or_read([&] { (void)snn::read_checkpoint(path); });
  snn::fuzz::refused_or_read([&] { (void)snn::is_checkpoint_file(path); });
  if (H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) != 0) std::abort();
  return 0;
}

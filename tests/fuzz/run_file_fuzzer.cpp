// Fuzzes the reading of run files (HDF5) as `snn info`, `snn energy` and `--load-weights` read them,
// seeded with small run files of the shipped experiments. Every read must leave no HDF5 identifier
// open, refused or not (the readers own their handles).
#include <hdf5.h>

#include <cstdlib>

#include "io/hdf5_reader.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace {

void expect_nothing_left_open() {
  if (H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = snn::fuzz::as_file(data, size, "input.h5");
  snn::fuzz::refused_or_read([&] { (void)snn::read_recorded_run(path); });
  expect_nothing_left_open();
  snn::fuzz::refused_or_read([&] { (void)snn::list_datasets(path); });
  expect_nothing_left_open();
  snn::fuzz::refused_or_read([&] { (void)snn::read_learned_weights(path); });
  expect_nothing_left_open();
  return 0;
}

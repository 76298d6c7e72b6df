#include "models/layer_run_record.hpp"

#include <stdexcept>

#include "io/hdf5_access.hpp"
#include "snn_version.hpp"

namespace snn {
namespace {

using hdf5::check;
using hdf5::checked;
using hdf5::read_scalar_attribute;
using hdf5::read_string_attribute;
using hdf5::write_scalar_attribute;
using hdf5::write_string_attribute;

}  // namespace

void write_layer_run(const std::string& path, const LayerRunRecord& run) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (file < 0) throw std::runtime_error("cannot create '" + path + "'");
  write_string_attribute(file, "experiment", run.experiment_yaml);
  write_string_attribute(file, "experiment_name", run.name);
  write_string_attribute(file, "version", kSnnVersion);
  write_string_attribute(file, "backend", run.backend);
  write_string_attribute(file, "kind", "layer_model");
  write_string_attribute(file, "model", run.model);
  write_string_attribute(file, "energy_architecture", run.energy_architecture);
  write_scalar_attribute<int64_t>(file, "time_steps", H5T_STD_I64LE, run.time_steps);
  write_scalar_attribute<int64_t>(file, "images", H5T_STD_I64LE, run.logits.shape.empty() ? 0 : run.logits.dim(0));
  write_scalar_attribute<double>(file, "wall_time", H5T_IEEE_F64LE, run.wall_time_s);
  const hid_t outputs = checked(H5Gcreate2(file, "outputs", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "outputs");
  hdf5::write_matrix(outputs, "logits", run.logits.values, static_cast<size_t>(run.logits.dim(0)),
                     static_cast<size_t>(run.logits.dim(1)));
  H5Gclose(outputs);
  const hid_t layers = checked(H5Gcreate2(file, "layers", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "layers");
  for (size_t k = 0; k < run.layers.size(); ++k) {
    const LayerCountRecord& l = run.layers[k];
    const hid_t group = checked(H5Gcreate2(layers, std::to_string(k).c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "layer");
    write_string_attribute(group, "name", l.name);
    write_scalar_attribute<uint64_t>(group, "input_nonzero", H5T_STD_U64LE, l.input_nonzero);
    write_scalar_attribute<uint64_t>(group, "input_values", H5T_STD_U64LE, l.input_values);
    write_scalar_attribute<uint64_t>(group, "spikes", H5T_STD_U64LE, l.spikes);
    write_scalar_attribute<uint64_t>(group, "spike_values", H5T_STD_U64LE, l.spike_values);
    H5Gclose(group);
  }
  H5Gclose(layers);
  // Written last: a file that says "complete" holds everything above.
  write_string_attribute(file, "status", "complete");
  check(H5Fclose(file), "close file");
}

bool is_layer_run_file(const std::string& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) return false;
  const bool layer_run = read_string_attribute(file, "kind") == "layer_model";
  H5Fclose(file);
  return layer_run;
}

LayerRunRecord read_layer_run(const std::string& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) throw std::runtime_error("cannot open '" + path + "' as HDF5");
  LayerRunRecord run;
  try {
    if (read_string_attribute(file, "kind") != "layer_model")
      throw std::runtime_error("'" + path + "' is not the run of a layer model");
    if (read_string_attribute(file, "status") != "complete") throw std::runtime_error("'" + path + "': the run did not finish");
    run.experiment_yaml = read_string_attribute(file, "experiment");
    run.name = read_string_attribute(file, "experiment_name");
    run.backend = read_string_attribute(file, "backend");
    run.model = read_string_attribute(file, "model");
    run.energy_architecture = read_string_attribute(file, "energy_architecture");
    run.time_steps = read_scalar_attribute<int64_t>(file, "time_steps", H5T_NATIVE_INT64, 0);
    run.wall_time_s = read_scalar_attribute<double>(file, "wall_time", H5T_NATIVE_DOUBLE, -1.0);
    const hid_t logits = checked(H5Dopen2(file, "outputs/logits", H5P_DEFAULT), "outputs/logits");
    const hid_t space = checked(H5Dget_space(logits), "logits space");
    hsize_t shape[2] = {0, 0};
    H5Sget_simple_extent_dims(space, shape, nullptr);
    run.logits = Tensor({static_cast<int64_t>(shape[0]), static_cast<int64_t>(shape[1])});
    if (run.logits.size() > 0)
      check(H5Dread(logits, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, run.logits.data()), "read logits");
    H5Sclose(space);
    H5Dclose(logits);
    const hid_t layers = checked(H5Gopen2(file, "layers", H5P_DEFAULT), "layers");
    hsize_t count = 0;
    H5Gget_num_objs(layers, &count);
    for (hsize_t k = 0; k < count; ++k) {
      const hid_t group = checked(H5Gopen2(layers, std::to_string(k).c_str(), H5P_DEFAULT), "layer");
      LayerCountRecord l;
      l.name = read_string_attribute(group, "name");
      l.input_nonzero = read_scalar_attribute<uint64_t>(group, "input_nonzero", H5T_NATIVE_UINT64, 0);
      l.input_values = read_scalar_attribute<uint64_t>(group, "input_values", H5T_NATIVE_UINT64, 0);
      l.spikes = read_scalar_attribute<uint64_t>(group, "spikes", H5T_NATIVE_UINT64, 0);
      l.spike_values = read_scalar_attribute<uint64_t>(group, "spike_values", H5T_NATIVE_UINT64, 0);
      run.layers.push_back(l);
      H5Gclose(group);
    }
    H5Gclose(layers);
  } catch (...) {
    H5Fclose(file);
    throw;
  }
  H5Fclose(file);
  return run;
}

}  // namespace snn

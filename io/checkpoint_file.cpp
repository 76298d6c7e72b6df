#include "io/checkpoint_file.hpp"

#include <cstdio>
#include <sstream>

#include "io/hdf5_access.hpp"
#include "io/hdf5_handle.hpp"
#include "snn_version.hpp"

namespace snn {
namespace {

using hdf5::Handle;

constexpr const char* kFormat = "snn checkpoint";

// How each kind of state array is stored: its type in the file and in memory.
template <typename T>
struct StoredAs;
template <>
struct StoredAs<float> {
  static hid_t file() { return H5T_IEEE_F32LE; }
  static hid_t memory() { return H5T_NATIVE_FLOAT; }
};
template <>
struct StoredAs<double> {
  static hid_t file() { return H5T_IEEE_F64LE; }
  static hid_t memory() { return H5T_NATIVE_DOUBLE; }
};
template <>
struct StoredAs<int64_t> {
  static hid_t file() { return H5T_STD_I64LE; }
  static hid_t memory() { return H5T_NATIVE_INT64; }
};
template <>
struct StoredAs<uint64_t> {
  static hid_t file() { return H5T_STD_U64LE; }
  static hid_t memory() { return H5T_NATIVE_UINT64; }
};
template <>
struct StoredAs<uint32_t> {
  static hid_t file() { return H5T_STD_U32LE; }
  static hid_t memory() { return H5T_NATIVE_UINT32; }
};

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void write_array(hid_t state_group, hid_t link_properties, const std::string& name, const StateValues& values) {
  std::visit(
      [&](const auto& v) {
        using T = typename std::decay_t<decltype(v)>::value_type;
        const hsize_t size = v.size();
        const Handle space = hdf5::space_handle(H5Screate_simple(1, &size, nullptr), "dataspace of " + name);
        const Handle dataset = hdf5::dataset_handle(
            H5Dcreate2(state_group, name.c_str(), StoredAs<T>::file(), space, link_properties, H5P_DEFAULT, H5P_DEFAULT),
            "create " + name);
        if (size > 0) hdf5::check(H5Dwrite(dataset, StoredAs<T>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), name.c_str());
      },
      values);
}

template <typename T>
StateValues read_array(hid_t dataset, hsize_t count) {
  std::vector<T> values(count);
  if (count > 0) hdf5::check(H5Dread(dataset, StoredAs<T>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read state");
  return values;
}

// One dataset of /state, by its type; refused where the file does not hold all it claims (so that a
// damaged or crafted size cannot ask for more memory than the file has data).
StateValues read_state_dataset(hid_t dataset, const std::string& name) {
  const Handle space = hdf5::space_handle(H5Dget_space(dataset), "dataspace of " + name);
  if (H5Sget_simple_extent_ndims(space) != 1) throw std::runtime_error("state '" + name + "' is not a one-dimensional array");
  hsize_t count = 0;
  H5Sget_simple_extent_dims(space, &count, nullptr);
  const Handle type = hdf5::type_handle(H5Dget_type(dataset), "type of " + name);
  const size_t size = H5Tget_size(type);
  if (count > 0 && (size == 0 || count > hdf5::stored_bytes(dataset) / size))  // (count * size could wrap)
    throw std::runtime_error("state '" + name + "' claims " + std::to_string(count) + " values but the file holds fewer");
  const H5T_class_t kind = H5Tget_class(type);
  if (kind == H5T_FLOAT && size == 4) return read_array<float>(dataset, count);
  if (kind == H5T_FLOAT && size == 8) return read_array<double>(dataset, count);
  if (kind == H5T_INTEGER && size == 8)
    return H5Tget_sign(type) == H5T_SGN_NONE ? read_array<uint64_t>(dataset, count) : read_array<int64_t>(dataset, count);
  if (kind == H5T_INTEGER && size == 4 && H5Tget_sign(type) == H5T_SGN_NONE) return read_array<uint32_t>(dataset, count);
  throw std::runtime_error("state '" + name + "' has a type snn does not write");
}

}  // namespace

std::string checkpoint_path_for(const std::string& run_file) {
  const std::string extension = ".h5";
  const bool h5 = run_file.size() > extension.size() && run_file.compare(run_file.size() - extension.size(), extension.size(), extension) == 0;
  return (h5 ? run_file.substr(0, run_file.size() - extension.size()) : run_file) + ".checkpoint.h5";
}

void write_checkpoint(const std::string& path, const CheckpointInfo& info, const NetworkState& state) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const std::string temporary = path + ".writing";
  {
    const Handle file = hdf5::file_handle(H5Fcreate(temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                                          "create checkpoint " + temporary);
    hdf5::write_string_attribute(file, "format", kFormat);
    hdf5::write_string_attribute(file, "version", kSnnVersion);
    hdf5::write_string_attribute(file, "experiment_path", info.experiment_path);
    hdf5::write_string_attribute(file, "experiment", info.experiment_text);
    hdf5::write_string_attribute(file, "overrides", joined(info.overrides));
    hdf5::write_string_attribute(file, "run_file", info.run_file);
    hdf5::write_string_attribute(file, "backend", info.backend);
    hdf5::write_scalar_attribute(file, "interval", H5T_NATIVE_DOUBLE, info.interval_ms);
    hdf5::write_scalar_attribute(file, "step", H5T_NATIVE_UINT64, state.step);
    const Handle group = hdf5::group_handle(H5Gcreate2(file, "state", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "/state");
    const Handle links = hdf5::property_handle(H5Pcreate(H5P_LINK_CREATE), "link properties");
    hdf5::check(H5Pset_create_intermediate_group(links, 1), "intermediate groups");
    for (const auto& [name, values] : state.arrays) write_array(group, links, name, values);
    hdf5::check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush checkpoint");
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw std::runtime_error("cannot write the checkpoint " + path);
  }
}

bool is_checkpoint_file(const std::string& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  if (H5Fis_hdf5(path.c_str()) <= 0) return false;
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) return false;
  const bool checkpoint = hdf5::read_string_attribute(file, "format") == kFormat;
  H5Fclose(file);
  return checkpoint;
}

Checkpoint read_checkpoint(const std::string& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  if (H5Fis_hdf5(path.c_str()) <= 0) throw std::runtime_error(path + ": not an HDF5 file (or missing)");
  const Handle file = hdf5::file_handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open " + path);
  if (hdf5::read_string_attribute(file, "format") != kFormat)
    throw std::runtime_error(path + ": not a checkpoint written by snn (no format \"" + kFormat + "\")");
  Checkpoint c;
  c.info.experiment_path = hdf5::read_string_attribute(file, "experiment_path");
  c.info.experiment_text = hdf5::read_string_attribute(file, "experiment");
  c.info.overrides = split_lines(hdf5::read_string_attribute(file, "overrides"));
  c.info.run_file = hdf5::read_string_attribute(file, "run_file");
  c.info.backend = hdf5::read_string_attribute(file, "backend");
  c.info.interval_ms = hdf5::read_scalar_attribute<double>(file, "interval", H5T_NATIVE_DOUBLE, 0.0);
  if (H5Aexists(file, "step") <= 0) throw std::runtime_error(path + ": the checkpoint has no step");
  c.state.step = hdf5::read_scalar_attribute<uint64_t>(file, "step", H5T_NATIVE_UINT64, 0);
  if (c.info.experiment_text.empty() || c.info.run_file.empty())
    throw std::runtime_error(path + ": the checkpoint does not say which experiment and run it continues");
  const Handle group = hdf5::group_handle(H5Gopen2(file, "state", H5P_DEFAULT), path + ": /state");
  constexpr int kDeepestState = 8;  // names have at most five parts ("populations/exc/ports/0/ring")
  try {
    hdf5::walk_objects(group, kDeepestState, [&](hid_t parent, const std::string& name, const std::string& array, H5O_type_t type) {
      if (type != H5O_TYPE_DATASET) return;
      const Handle dataset = hdf5::dataset_handle(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), "open " + array);
      c.state.arrays[array] = read_state_dataset(dataset, array);
    });
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
  return c;
}

}  // namespace snn

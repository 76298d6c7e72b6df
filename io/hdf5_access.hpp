#pragma once
// The small HDF5 (C API) steps the recorders and readers share: checked calls, attributes and whole
// datasets. Readers return a fallback for an absent attribute (files of older versions lack some).
#include <hdf5.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace snn::hdf5 {

inline void check(herr_t status, const char* what) {
  if (status < 0) throw std::runtime_error(std::string("HDF5: ") + what + " failed");
}

inline hid_t checked(hid_t id, const char* what) {
  if (id < 0) throw std::runtime_error(std::string("HDF5: ") + what + " failed");
  return id;
}

inline void write_string_attribute(hid_t object, const char* name, const std::string& value) {
  const hid_t type = checked(H5Tcopy(H5T_C_S1), "string type");
  check(H5Tset_size(type, value.empty() ? 1 : value.size()), "string size");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "string charset");
  const hid_t space = checked(H5Screate(H5S_SCALAR), "scalar space");
  if (H5Aexists(object, name) > 0) check(H5Adelete(object, name), "attribute replace");
  const hid_t attribute = checked(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), name);
  check(H5Awrite(attribute, type, value.empty() ? "" : value.c_str()), name);
  H5Aclose(attribute);
  H5Sclose(space);
  H5Tclose(type);
}

template <typename T>
void write_scalar_attribute(hid_t object, const char* name, hid_t type, T value) {
  const hid_t space = checked(H5Screate(H5S_SCALAR), "scalar space");
  if (H5Aexists(object, name) > 0) check(H5Adelete(object, name), "attribute replace");
  const hid_t attribute = checked(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), name);
  check(H5Awrite(attribute, type, &value), name);
  H5Aclose(attribute);
  H5Sclose(space);
}

template <typename T>
void write_vector(hid_t parent, const char* name, hid_t file_type, hid_t memory_type, const std::vector<T>& values) {
  const hsize_t size = values.size();
  const hid_t space = checked(H5Screate_simple(1, &size, nullptr), "dataspace");
  const hid_t dataset = checked(H5Dcreate2(parent, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), name);
  if (size > 0) check(H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), name);
  H5Dclose(dataset);
  H5Sclose(space);
}

// A whole dataset of float rows: [rows, width].
inline void write_matrix(hid_t parent, const char* name, const std::vector<float>& values, size_t rows, size_t width) {
  const hsize_t shape[2] = {rows, width};
  const hid_t space = checked(H5Screate_simple(2, shape, nullptr), "dataspace");
  const hid_t dataset = checked(H5Dcreate2(parent, name, H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), name);
  if (!values.empty()) check(H5Dwrite(dataset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), name);
  H5Dclose(dataset);
  H5Sclose(space);
}

inline std::string read_string_attribute(hid_t object, const char* name) {
  if (H5Aexists(object, name) <= 0) return "";
  const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
  const hid_t type = H5Aget_type(attribute);
  std::string value(H5Tget_size(type), '\0');
  const hid_t memory = H5Tcopy(H5T_C_S1);
  H5Tset_size(memory, value.size());
  H5Tset_cset(memory, H5Tget_cset(type));
  H5Aread(attribute, memory, value.data());
  H5Tclose(memory);
  H5Tclose(type);
  H5Aclose(attribute);
  while (!value.empty() && value.back() == '\0') value.pop_back();
  return value;
}

template <typename T>
T read_scalar_attribute(hid_t object, const char* name, hid_t memory_type, T fallback) {
  if (H5Aexists(object, name) <= 0) return fallback;
  T value = fallback;
  const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
  H5Aread(attribute, memory_type, &value);
  H5Aclose(attribute);
  return value;
}

// The names of a group's members, in name order. A damaged file's index can lead round a cycle; no
// group snn writes has more than kMostMembers members, so the walk stops there, refused.
constexpr size_t kMostMembers = 1 << 20;
inline std::vector<std::string> child_names(hid_t group) {
  std::vector<std::string> names;
  const herr_t status = H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr,
                                   [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
                                     auto& list = *static_cast<std::vector<std::string>*>(data);
                                     list.push_back(name);
                                     return list.size() >= kMostMembers ? 1 : 0;
                                   },
                                   &names);
  if (status > 0) throw std::runtime_error("a group with more members than any file snn writes: the file is damaged");
  return names;
}

// Calls f(parent, name, path, type) for every object under `group`, groups before their members, down
// to `depth` levels. HDF5's own H5Ovisit follows a damaged file's groups round a cycle without end (it
// remembers only objects linked more than once); files snn writes are a few levels deep.
template <typename F>
void walk_objects(hid_t group, int depth, F&& f, const std::string& prefix = "") {
  for (const std::string& name : child_names(group)) {
    H5O_info_t info{};
    if (H5Oget_info_by_name2(group, name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) continue;
    const std::string path = prefix.empty() ? name : prefix + "/" + name;
    f(group, name, path, info.type);
    if (info.type != H5O_TYPE_GROUP || depth <= 1) continue;
    const hid_t child = H5Gopen2(group, name.c_str(), H5P_DEFAULT);
    if (child < 0) continue;
    try {
      walk_objects(child, depth - 1, f, path);
    } catch (...) {
      H5Gclose(child);
      throw;
    }
    H5Gclose(child);
  }
}

// The bytes of a dataset's data the file stores: what HDF5 reports, but never more than the file's own
// size (a damaged object header can claim terabytes of storage).
inline uint64_t stored_bytes(hid_t dataset) {
  const uint64_t claimed = H5Dget_storage_size(dataset);
  const hid_t file = H5Iget_file_id(dataset);
  hsize_t file_size = 0;
  const bool known = file >= 0 && H5Fget_filesize(file, &file_size) >= 0;
  if (file >= 0) H5Fclose(file);
  return known ? std::min<uint64_t>(claimed, file_size) : claimed;
}

template <typename T>
std::vector<T> read_dataset(hid_t parent, const char* name, hid_t memory_type) {
  const hid_t dataset = H5Dopen2(parent, name, H5P_DEFAULT);
  if (dataset < 0) throw std::runtime_error(std::string("missing dataset ") + name);
  const hid_t space = H5Dget_space(dataset);
  const hssize_t count = H5Sget_simple_extent_npoints(space);
  // A dataset may claim more values than the file stores (a killed run's last rows, allotted but never
  // written, read as the fill value), but not without bound: a damaged or crafted size is refused
  // before it is allocated.
  constexpr uint64_t kUnwrittenSlack = uint64_t(16) << 20;
  const uint64_t stored = stored_bytes(dataset);
  if (count > 0 && static_cast<uint64_t>(count) / 2 > (stored + kUnwrittenSlack) / sizeof(T)) {
    H5Sclose(space);
    H5Dclose(dataset);
    throw std::runtime_error(std::string("dataset ") + name + " claims " + std::to_string(count) + " values but the file holds " +
                             std::to_string(stored) + " bytes of it: the file is damaged");
  }
  std::vector<T> values(count > 0 ? static_cast<size_t>(count) : 0);
  const herr_t read = count > 0 ? H5Dread(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) : 0;
  H5Sclose(space);
  H5Dclose(dataset);
  if (count < 0 || read < 0) {
    char group[512] = "";
    H5Iget_name(parent, group, sizeof group);
    throw std::runtime_error(std::string("cannot read ") + group + (group[1] != '\0' ? "/" : "") + name +
                             ": the file is damaged there (a run killed while writing it?)");
  }
  return values;
}

}  // namespace snn::hdf5

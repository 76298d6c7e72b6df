#include "io/run_file_recovery.hpp"

#include <hdf5.h>

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "io/hdf5_access.hpp"

namespace snn {
namespace {

using hdf5::child_names;
using hdf5::read_dataset;
using hdf5::write_scalar_attribute;
using hdf5::write_string_attribute;

// Copies one attribute (fixed-size types: all snn writes) of the object being iterated to `destination`.
herr_t copy_attribute(hid_t source, const char* name, const H5A_info_t*, void* destination_id) {
  const hid_t destination = *static_cast<hid_t*>(destination_id);
  const hid_t attribute = H5Aopen(source, name, H5P_DEFAULT);
  if (attribute < 0) return 0;
  const hid_t type = H5Aget_type(attribute), space = H5Aget_space(attribute);
  std::vector<unsigned char> bytes(H5Aget_storage_size(attribute) + H5Tget_size(type));
  if (H5Aread(attribute, type, bytes.data()) >= 0) {
    const hid_t copy = H5Acreate2(destination, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (copy >= 0) {
      H5Awrite(copy, type, bytes.data());
      H5Aclose(copy);
    }
  }
  H5Tclose(type);
  H5Sclose(space);
  H5Aclose(attribute);
  return 0;
}

void copy_attributes(hid_t source, hid_t destination) {
  hsize_t index = 0;
  H5Aiterate2(source, H5_INDEX_NAME, H5_ITER_INC, &index, copy_attribute, &destination);
}

// Trims a population's spikes to those written whole (node ids are written before timestamps, and
// timestamps not yet written read as NaN).
void trim_spikes(hid_t file, const std::string& population) {
  const hid_t group = H5Gopen2(file, ("spikes/" + population).c_str(), H5P_DEFAULT);
  if (group < 0) return;
  const std::vector<double> times = read_dataset<double>(group, "timestamps", H5T_NATIVE_DOUBLE);
  const std::vector<uint64_t> ids = read_dataset<uint64_t>(group, "node_ids", H5T_NATIVE_UINT64);
  hsize_t valid = std::min(times.size(), ids.size());
  while (valid > 0 && std::isnan(times[valid - 1])) --valid;
  for (const char* name : {"timestamps", "node_ids"}) {
    const hid_t dataset = H5Dopen2(group, name, H5P_DEFAULT);
    H5Dset_extent(dataset, &valid);
    H5Dclose(dataset);
  }
  H5Gclose(group);
}

}  // namespace

RecoveryReport recover_run_file(const std::string& from, const std::string& to) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t access = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_metadata_read_attempts(access, 4);  // damage, not a write under way: see hdf5_reader.cpp
  hid_t source = H5Fopen(from.c_str(), H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, access);
  if (source < 0) source = H5Fopen(from.c_str(), H5F_ACC_RDONLY, access);
  H5Pclose(access);
  if (source < 0) throw std::runtime_error("cannot open '" + from + "' as an HDF5 file");
  RecoveryReport report;
  report.status_before = hdf5::read_string_attribute(source, "status");
  if (hdf5::read_string_attribute(source, "version").empty()) {
    H5Fclose(source);
    throw std::runtime_error("'" + from + "' was not written by snn run (no version attribute)");
  }
  const std::string temporary = to + ".recovering";
  const hid_t destination = H5Fcreate(temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (destination < 0) {
    H5Fclose(source);
    throw std::runtime_error("cannot create '" + temporary + "'");
  }
  copy_attributes(source, destination);
  for (const std::string& name : child_names(source))
    if (H5Ocopy(source, name.c_str(), destination, name.c_str(), H5P_DEFAULT, H5P_DEFAULT) < 0) report.lost.push_back("/" + name);
  report.time_reached_ms = hdf5::read_scalar_attribute<double>(source, "simulated_duration", H5T_NATIVE_DOUBLE, -1.0);
  if (report.time_reached_ms < 0) {
    try {
      const std::vector<double> reached = read_dataset<double>(source, "time_reached", H5T_NATIVE_DOUBLE);
      report.time_reached_ms = reached.empty() ? 0.0 : reached[0];
    } catch (const std::runtime_error&) {
      report.time_reached_ms = 0.0;
    }
  }
  H5Fclose(source);
  const hid_t spikes = H5Gopen2(destination, "spikes", H5P_DEFAULT);
  if (spikes >= 0) {
    for (const std::string& population : child_names(spikes)) {
      try {
        trim_spikes(destination, population);
      } catch (const std::runtime_error&) {
        report.lost.push_back("/spikes/" + population);
      }
    }
    H5Gclose(spikes);
  }
  if (report.status_before != "complete" && report.status_before != "interrupted") {
    H5Adelete(destination, "status");
    write_string_attribute(destination, "status", "incomplete");
    write_scalar_attribute(destination, "simulated_duration", H5T_NATIVE_DOUBLE, report.time_reached_ms);
  }
  H5Fclose(destination);
  if (std::rename(temporary.c_str(), to.c_str()) != 0) throw std::runtime_error("cannot write '" + to + "'");
  return report;
}

}  // namespace snn

#include "io/hdf5_reader.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "io/hdf5_access.hpp"
#include "io/hdf5_handle.hpp"

namespace snn {
namespace {

using hdf5::child_names;
using hdf5::read_dataset;
using hdf5::read_scalar_attribute;
using hdf5::read_string_attribute;
using hdf5::Handle;

// A group of a run's file, refused by its name where it cannot be opened (a damaged file).
Handle open_group(hid_t parent, const std::string& name) {
  return hdf5::group_handle(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), "open group " + name);
}

// A group that may be missing: an invalid handle then.
Handle optional_group(hid_t parent, const char* name) {
  if (H5Lexists(parent, name, H5P_DEFAULT) <= 0) return Handle();
  return open_group(parent, name);
}

// /weights: the plastic projections' synapses at the end of the run.
std::vector<RecordedWeights> read_weights_group(hid_t file) {
  std::vector<RecordedWeights> all;
  if (H5Lexists(file, "weights", H5P_DEFAULT) <= 0) return all;
  const Handle weights = open_group(file, "weights");
  for (const std::string& name : child_names(weights)) {
    const Handle group = open_group(weights, name);
    RecordedWeights w;
    w.projection = name;
    w.sources = read_dataset<uint32_t>(group, "sources", H5T_NATIVE_UINT32);
    w.targets = read_dataset<uint32_t>(group, "targets", H5T_NATIVE_UINT32);
    w.weights = read_dataset<float>(group, "weights", H5T_NATIVE_FLOAT);
    all.push_back(std::move(w));
  }
  return all;
}

// Read-only with SWMR so that a file still being written (or left by a killed run) opens too.
// Opened for single-writer reading, so that a run still being written, or killed while it was, can be
// read. Such a reader retries a piece of metadata whose checksum fails (it may be in the middle of being
// written) 100 times by default, sleeping longer each time: a damaged file then reads as a hang. A
// few tries tell a write under way from damage.
Handle open_run_file(const std::string& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const Handle access = hdf5::property_handle(H5Pcreate(H5P_FILE_ACCESS), "file access properties");
  H5Pset_metadata_read_attempts(access, 4);
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, access);
  if (file < 0) file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, access);
  if (file < 0) throw std::runtime_error("cannot open '" + path + "' as an HDF5 file");
  return hdf5::file_handle(file, "open " + path);
}

}  // namespace

std::vector<RecordedWeights> read_learned_weights(const std::string& path) {
  const Handle file = open_run_file(path);
  std::vector<RecordedWeights> weights = read_weights_group(file);
  if (weights.empty()) throw std::runtime_error("'" + path + "' holds no learned weights (/weights): its run had no plastic projection");
  return weights;
}

namespace {

// The second dimension of a two-dimensional dataset (0 where it has none).
uint64_t columns_of(hid_t group, const char* name) {
  const hid_t dataset = H5Dopen2(group, name, H5P_DEFAULT);
  if (dataset < 0) return 0;
  const hid_t space = H5Dget_space(dataset);
  hsize_t dims[2] = {0, 0};
  if (H5Sget_simple_extent_ndims(space) == 2) H5Sget_simple_extent_dims(space, dims, nullptr);
  H5Sclose(space);
  H5Dclose(dataset);
  return dims[1];
}

}  // namespace

std::vector<DatasetShape> list_datasets(const std::string& path) {
  const Handle file = open_run_file(path);
  std::vector<DatasetShape> shapes;
  constexpr int kDeepestRunFile = 6;  // snn's run files are three levels deep
  hdf5::walk_objects(file, kDeepestRunFile, [&](hid_t parent, const std::string& name, const std::string& at, H5O_type_t type) {
    if (type == H5O_TYPE_GROUP) {
      shapes.push_back(DatasetShape{"/" + at, 0, 0, true});
      return;
    }
    if (type != H5O_TYPE_DATASET) return;
    const hid_t dataset = H5Dopen2(parent, name.c_str(), H5P_DEFAULT);
    if (dataset < 0) return;
    const hid_t space = H5Dget_space(dataset);
    hsize_t dims[2] = {0, 0};
    const int rank = H5Sget_simple_extent_ndims(space);
    if (rank >= 1 && rank <= 2) H5Sget_simple_extent_dims(space, dims, nullptr);
    shapes.push_back(DatasetShape{"/" + at, dims[0], rank == 2 ? dims[1] : 0});
    H5Sclose(space);
    H5Dclose(dataset);
  });
  return shapes;
}

RecordedRun read_recorded_run(const std::string& path) {
  const Handle file = open_run_file(path);
  RecordedRun run;
  run.experiment_yaml = read_string_attribute(file, "experiment");
  run.experiment_name = read_string_attribute(file, "experiment_name");
  run.version = read_string_attribute(file, "version");
  run.backend = read_string_attribute(file, "backend");
  run.status = read_string_attribute(file, "status");
  run.seed = read_scalar_attribute<uint64_t>(file, "seed", H5T_NATIVE_UINT64, 0);
  run.dt_ms = read_scalar_attribute<double>(file, "dt", H5T_NATIVE_DOUBLE, 0.0);
  run.duration_ms = read_scalar_attribute<double>(file, "duration", H5T_NATIVE_DOUBLE, 0.0);
  run.wall_time_s = read_scalar_attribute<double>(file, "wall_time", H5T_NATIVE_DOUBLE, -1.0);
  // Finished runs say how long they simulated; a killed one, as far as its last flush; files written
  // before either was recorded, their duration.
  run.time_reached_ms = read_scalar_attribute<double>(file, "simulated_duration", H5T_NATIVE_DOUBLE, -1.0);
  if (run.time_reached_ms < 0 && H5Lexists(file, "time_reached", H5P_DEFAULT) > 0) {
    const std::vector<double> reached = read_dataset<double>(file, "time_reached", H5T_NATIVE_DOUBLE);
    if (reached.size() == 1) run.time_reached_ms = reached[0];
  }
  if (run.time_reached_ms < 0) run.time_reached_ms = run.duration_ms;
  if (run.version.empty()) throw std::runtime_error("'" + path + "' was not written by snn (no version attribute)");
  if (const Handle spikes = optional_group(file, "spikes"); spikes >= 0) {
    for (const std::string& name : child_names(spikes)) {
      const Handle group = open_group(spikes, name);
      RecordedSpikes s;
      s.population = name;
      s.size = read_scalar_attribute<uint32_t>(group, "size", H5T_NATIVE_UINT32, 0);
      s.timestamps_ms = read_dataset<double>(group, "timestamps", H5T_NATIVE_DOUBLE);
      s.node_ids = read_dataset<uint64_t>(group, "node_ids", H5T_NATIVE_UINT64);
      // A killed run may leave the last chunk half written: keep the spikes both datasets hold.
      size_t valid = std::min(s.timestamps_ms.size(), s.node_ids.size());
      while (valid > 0 && std::isnan(s.timestamps_ms[valid - 1])) --valid;
      s.timestamps_ms.resize(valid);
      s.node_ids.resize(valid);
      run.spikes.push_back(std::move(s));
    }
  }
  if (const Handle state = optional_group(file, "state"); state >= 0) {
    for (const std::string& name : child_names(state)) {
      const Handle group = open_group(state, name);
      RecordedState s;
      s.name = name;
      s.population = read_string_attribute(group, "population");
      s.variable = read_string_attribute(group, "variable");
      s.node_ids = read_dataset<uint32_t>(group, "node_ids", H5T_NATIVE_UINT32);
      s.times_ms = read_dataset<double>(group, "times", H5T_NATIVE_DOUBLE);
      s.data = read_dataset<float>(group, "data", H5T_NATIVE_FLOAT);
      run.state.push_back(std::move(s));
    }
  }
  run.weights = read_weights_group(file);
  if (const Handle history = optional_group(file, "weight_history"); history >= 0) {
    for (const std::string& name : child_names(history)) {
      const Handle group = open_group(history, name);
      RecordedWeightHistory h;
      h.projection = name;
      h.times_ms = read_dataset<double>(group, "times", H5T_NATIVE_DOUBLE);
      h.data = read_dataset<float>(group, "data", H5T_NATIVE_FLOAT);
      h.width = columns_of(group, "data");
      run.weight_history.push_back(std::move(h));
    }
  }
  if (const Handle readouts = optional_group(file, "readouts"); readouts >= 0) {
    for (const std::string& name : child_names(readouts)) {
      const Handle group = open_group(readouts, name);
      RecordedReadout r;
      r.name = name;
      r.kind = read_string_attribute(group, "kind");
      r.times_ms = read_dataset<double>(group, "times", H5T_NATIVE_DOUBLE);
      r.values = read_dataset<float>(group, "values", H5T_NATIVE_FLOAT);
      if (H5Lexists(group, "teacher", H5P_DEFAULT) > 0) r.teacher = read_dataset<float>(group, "teacher", H5T_NATIVE_FLOAT);
      run.readouts.push_back(std::move(r));
    }
  }
  if (const Handle counts = optional_group(file, "counts"); counts >= 0) {
    run.has_counts = true;
    run.counts.time_steps = read_scalar_attribute<uint64_t>(counts, "time_steps", H5T_NATIVE_UINT64, 0);
    run.counts.dt_ms = run.dt_ms;
    // Entries are named 0, 1, ... in the experiment's order.
    auto each_entry = [&](const char* kind, auto read) {
      const Handle group = optional_group(counts, kind);
      if (group < 0) return;
      for (size_t k = 0; H5Lexists(group, std::to_string(k).c_str(), H5P_DEFAULT) > 0; ++k) read(open_group(group, std::to_string(k)));
    };
    auto count = [](hid_t entry, const char* name) { return read_scalar_attribute<uint64_t>(entry, name, H5T_NATIVE_UINT64, 0); };
    each_entry("populations", [&](hid_t entry) {
      run.counts.populations.push_back(
          PopulationCount{read_string_attribute(entry, "name"), count(entry, "neurons"), count(entry, "spikes")});
    });
    each_entry("projections", [&](hid_t entry) {
      run.counts.projections.push_back(ProjectionCount{
          read_string_attribute(entry, "name"), read_string_attribute(entry, "source"), read_string_attribute(entry, "target"),
          count(entry, "source_neurons"), count(entry, "target_neurons"), count(entry, "synapses"),
          count(entry, "source_spikes"), count(entry, "synaptic_events")});
    });
  }
  return run;
}

}  // namespace snn

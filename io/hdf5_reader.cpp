#include "io/hdf5_reader.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "io/hdf5_access.hpp"

namespace snn {
namespace {

using hdf5::child_names;
using hdf5::read_dataset;
using hdf5::read_scalar_attribute;
using hdf5::read_string_attribute;



// /weights: the plastic projections' synapses at the end of the run.
std::vector<RecordedWeights> read_weights_group(hid_t file) {
  std::vector<RecordedWeights> all;
  if (H5Lexists(file, "weights", H5P_DEFAULT) <= 0) return all;
  const hid_t weights = H5Gopen2(file, "weights", H5P_DEFAULT);
  for (const std::string& name : child_names(weights)) {
    const hid_t group = H5Gopen2(weights, name.c_str(), H5P_DEFAULT);
    RecordedWeights w;
    w.projection = name;
    w.sources = read_dataset<uint32_t>(group, "sources", H5T_NATIVE_UINT32);
    w.targets = read_dataset<uint32_t>(group, "targets", H5T_NATIVE_UINT32);
    w.weights = read_dataset<float>(group, "weights", H5T_NATIVE_FLOAT);
    H5Gclose(group);
    all.push_back(std::move(w));
  }
  H5Gclose(weights);
  return all;
}

// Read-only with SWMR so that a file still being written (or left by a killed run) opens too.
// Opened for single-writer reading, so that a run still being written, or killed while it was, can be
// read. Such a reader retries a piece of metadata whose checksum fails (it may be in the middle of being
// written) 100 times by default, sleeping longer each time: a damaged file then reads as a hang. A
// few tries tell a write under way from damage.
hid_t open_run_file(const std::string& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t access = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_metadata_read_attempts(access, 4);
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, access);
  if (file < 0) file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, access);
  H5Pclose(access);
  if (file < 0) throw std::runtime_error("cannot open '" + path + "' as an HDF5 file");
  return file;
}

}  // namespace

std::vector<RecordedWeights> read_learned_weights(const std::string& path) {
  const hid_t file = open_run_file(path);
  std::vector<RecordedWeights> weights = read_weights_group(file);
  H5Fclose(file);
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

herr_t note_dataset(hid_t file, const char* name, const H5O_info_t* info, void* shapes) {
  if (info->type == H5O_TYPE_GROUP && std::string(name) != ".") {
    static_cast<std::vector<DatasetShape>*>(shapes)->push_back(DatasetShape{std::string("/") + name, 0, 0, true});
    return 0;
  }
  if (info->type != H5O_TYPE_DATASET) return 0;
  const hid_t dataset = H5Dopen2(file, name, H5P_DEFAULT);
  if (dataset < 0) return 0;
  const hid_t space = H5Dget_space(dataset);
  hsize_t dims[2] = {0, 0};
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank >= 1 && rank <= 2) H5Sget_simple_extent_dims(space, dims, nullptr);
  static_cast<std::vector<DatasetShape>*>(shapes)->push_back(DatasetShape{std::string("/") + name, dims[0], rank == 2 ? dims[1] : 0});
  H5Sclose(space);
  H5Dclose(dataset);
  return 0;
}

}  // namespace

std::vector<DatasetShape> list_datasets(const std::string& path) {
  const hid_t file = open_run_file(path);
  std::vector<DatasetShape> shapes;
  H5Ovisit(file, H5_INDEX_NAME, H5_ITER_INC, note_dataset, &shapes);
  H5Fclose(file);
  return shapes;
}

RecordedRun read_recorded_run(const std::string& path) {
  const hid_t file = open_run_file(path);
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
  if (run.version.empty()) {
    H5Fclose(file);
    throw std::runtime_error("'" + path + "' was not written by snn (no version attribute)");
  }
  const hid_t spikes = H5Gopen2(file, "spikes", H5P_DEFAULT);
  if (spikes >= 0) {
    for (const std::string& name : child_names(spikes)) {
      const hid_t group = H5Gopen2(spikes, name.c_str(), H5P_DEFAULT);
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
      H5Gclose(group);
      run.spikes.push_back(std::move(s));
    }
    H5Gclose(spikes);
  }
  const hid_t state = H5Gopen2(file, "state", H5P_DEFAULT);
  if (state >= 0) {
    for (const std::string& name : child_names(state)) {
      const hid_t group = H5Gopen2(state, name.c_str(), H5P_DEFAULT);
      RecordedState s;
      s.name = name;
      s.population = read_string_attribute(group, "population");
      s.variable = read_string_attribute(group, "variable");
      s.node_ids = read_dataset<uint32_t>(group, "node_ids", H5T_NATIVE_UINT32);
      s.times_ms = read_dataset<double>(group, "times", H5T_NATIVE_DOUBLE);
      s.data = read_dataset<float>(group, "data", H5T_NATIVE_FLOAT);
      H5Gclose(group);
      run.state.push_back(std::move(s));
    }
    H5Gclose(state);
  }
  run.weights = read_weights_group(file);
  if (H5Lexists(file, "weight_history", H5P_DEFAULT) > 0) {
    const hid_t history = H5Gopen2(file, "weight_history", H5P_DEFAULT);
    for (const std::string& name : child_names(history)) {
      const hid_t group = H5Gopen2(history, name.c_str(), H5P_DEFAULT);
      RecordedWeightHistory h;
      h.projection = name;
      h.times_ms = read_dataset<double>(group, "times", H5T_NATIVE_DOUBLE);
      h.data = read_dataset<float>(group, "data", H5T_NATIVE_FLOAT);
      h.width = columns_of(group, "data");
      H5Gclose(group);
      run.weight_history.push_back(std::move(h));
    }
    H5Gclose(history);
  }
  if (H5Lexists(file, "readouts", H5P_DEFAULT) > 0) {
    const hid_t readouts = H5Gopen2(file, "readouts", H5P_DEFAULT);
    for (const std::string& name : child_names(readouts)) {
      const hid_t group = H5Gopen2(readouts, name.c_str(), H5P_DEFAULT);
      RecordedReadout r;
      r.name = name;
      r.kind = read_string_attribute(group, "kind");
      r.times_ms = read_dataset<double>(group, "times", H5T_NATIVE_DOUBLE);
      r.values = read_dataset<float>(group, "values", H5T_NATIVE_FLOAT);
      if (H5Lexists(group, "teacher", H5P_DEFAULT) > 0) r.teacher = read_dataset<float>(group, "teacher", H5T_NATIVE_FLOAT);
      H5Gclose(group);
      run.readouts.push_back(std::move(r));
    }
    H5Gclose(readouts);
  }
  const hid_t counts = H5Gopen2(file, "counts", H5P_DEFAULT);
  if (counts >= 0) {
    run.has_counts = true;
    run.counts.time_steps = read_scalar_attribute<uint64_t>(counts, "time_steps", H5T_NATIVE_UINT64, 0);
    run.counts.dt_ms = run.dt_ms;
    // Entries are named 0, 1, ... in the experiment's order.
    auto each_entry = [&](const char* kind, auto read) {
      const hid_t group = H5Gopen2(counts, kind, H5P_DEFAULT);
      if (group < 0) return;
      for (size_t k = 0; H5Lexists(group, std::to_string(k).c_str(), H5P_DEFAULT) > 0; ++k) {
        const hid_t entry = H5Gopen2(group, std::to_string(k).c_str(), H5P_DEFAULT);
        read(entry);
        H5Gclose(entry);
      }
      H5Gclose(group);
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
    H5Gclose(counts);
  }
  H5Fclose(file);
  return run;
}

}  // namespace snn

#include "io/hdf5_recorder.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "io/hdf5_access.hpp"
#include "io/hdf5_handle.hpp"
#include "snn_version.hpp"

namespace snn {
namespace {

using hdf5::check;
using hdf5::checked;
using hdf5::write_scalar_attribute;
using hdf5::write_string_attribute;
using hdf5::write_vector;


// An empty dataset that grows along its first dimension in chunks; `fill` marks rows that were
// allotted but never written (a run killed between extending a dataset and writing it).
hid_t create_growing(hid_t parent, const char* name, hid_t type, size_t width, size_t chunk_rows,
                     const double* fill = nullptr) {
  const hsize_t rank = width == 0 ? 1 : 2;
  hsize_t initial[2] = {0, width}, maximum[2] = {H5S_UNLIMITED, width}, chunk[2] = {chunk_rows, width};
  const hid_t space = checked(H5Screate_simple(static_cast<int>(rank), initial, maximum), "dataspace");
  const hid_t properties = checked(H5Pcreate(H5P_DATASET_CREATE), "dataset properties");
  check(H5Pset_chunk(properties, static_cast<int>(rank), chunk), "chunking");
  if (fill != nullptr) check(H5Pset_fill_value(properties, H5T_NATIVE_DOUBLE, fill), "fill value");
  const hid_t dataset = checked(H5Dcreate2(parent, name, type, space, H5P_DEFAULT, properties, H5P_DEFAULT), name);
  H5Pclose(properties);
  H5Sclose(space);
  return dataset;
}

// An empty two-dimensional dataset whose row width is set by its first rows (rows of known width use
// create_growing): used where the width is known only once the engine has built the synapses. Its
// chunks are shaped for rows of about `expected_width` values.
hid_t create_growing_table(hid_t parent, const char* name, hid_t type, uint64_t expected_width) {
  const hsize_t columns = std::clamp<uint64_t>(expected_width, 1, 16384);
  hsize_t initial[2] = {0, 0}, maximum[2] = {H5S_UNLIMITED, H5S_UNLIMITED}, chunk[2] = {std::max<hsize_t>(1, 16384 / columns), columns};
  const hid_t space = checked(H5Screate_simple(2, initial, maximum), "dataspace");
  const hid_t properties = checked(H5Pcreate(H5P_DATASET_CREATE), "dataset properties");
  check(H5Pset_chunk(properties, 2, chunk), "chunking");
  const hid_t dataset = checked(H5Dcreate2(parent, name, type, space, H5P_DEFAULT, properties, H5P_DEFAULT), name);
  H5Pclose(properties);
  H5Sclose(space);
  return dataset;
}

void append_rows(hid_t dataset, hid_t memory_type, uint64_t already, size_t rows, size_t width, const void* data) {
  if (rows == 0) return;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // HDF5's error printing is per thread, and this is the writer's
  const int rank = width == 0 ? 1 : 2;
  hsize_t extent[2] = {already + rows, width}, start[2] = {already, 0}, count[2] = {rows, width};
  check(H5Dset_extent(dataset, extent), "extend dataset");
  const hid_t file_space = checked(H5Dget_space(dataset), "dataset space");
  check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, nullptr, count, nullptr), "select rows");
  const hid_t memory_space = checked(H5Screate_simple(rank, count, nullptr), "memory space");
  check(H5Dwrite(dataset, memory_type, memory_space, file_space, H5P_DEFAULT, data), "write rows");
  H5Sclose(memory_space);
  H5Sclose(file_space);
  check(H5Dflush(dataset), "flush dataset");
}

}  // namespace

Hdf5Recorder::Hdf5Recorder(const std::string& path, const ExperimentSpec& spec,
                           const std::vector<uint64_t>& projection_synapses, const std::vector<bool>& record_spikes,
                           const std::vector<StateProbe>& probes, const RecordingMetadata& metadata,
                           const std::vector<WeightProbe>& weight_probes, const std::vector<ReadoutStreamSpec>& readouts,
                           size_t chunk_spikes)
    : path_(path), dt_ms_(spec.dt_ms), duration_ms_(metadata.duration_ms), chunk_spikes_(chunk_spikes), last_flush_(std::chrono::steady_clock::now()) {
  // A constructor that throws runs no destructor: what it opened is closed here.
  try {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors are reported through return codes
    const hdf5::Handle access = hdf5::property_handle(H5Pcreate(H5P_FILE_ACCESS), "file access properties");
    check(H5Pset_libver_bounds(access, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST), "format version");
    file_ = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access);
    if (file_ < 0) throw std::runtime_error("cannot create HDF5 file '" + path + "'");

    write_string_attribute(file_, "experiment", metadata.experiment_yaml);
    write_string_attribute(file_, "experiment_name", metadata.experiment_name);
    write_string_attribute(file_, "version", kSnnVersion);
    write_string_attribute(file_, "backend", metadata.backend);
    write_string_attribute(file_, "status", "running");
    write_scalar_attribute(file_, "seed", H5T_NATIVE_UINT64, metadata.seed);
    write_scalar_attribute(file_, "dt", H5T_NATIVE_DOUBLE, metadata.dt_ms);
    write_scalar_attribute(file_, "duration", H5T_NATIVE_DOUBLE, metadata.duration_ms);
    write_scalar_attribute(file_, "wall_time", H5T_NATIVE_DOUBLE, -1.0);

    const hdf5::Handle spikes_group = hdf5::group_handle(H5Gcreate2(file_, "spikes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "/spikes");
    spike_stream_of_population_.assign(spec.populations.size(), -1);
    for (size_t p = 0; p < spec.populations.size(); ++p) {
      if (p >= record_spikes.size() || !record_spikes[p]) continue;
      const PopulationSpec& pop = spec.populations[p];
      const hdf5::Handle group = hdf5::group_handle(H5Gcreate2(spikes_group, pop.name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "population group");
      write_string_attribute(group, "sorting", "by_time");
      write_scalar_attribute(group, "size", H5T_NATIVE_UINT32, pop.size);
      SpikeStream stream;
      // node_ids are appended before timestamps and unwritten timestamps read as NaN, so after a kill
      // the valid spikes are the leading non-NaN timestamps (read_recorded_run trims to them).
      const double not_written = std::numeric_limits<double>::quiet_NaN();
      stream.timestamps = create_growing(group, "timestamps", H5T_IEEE_F64LE, 0, chunk_spikes_, &not_written);
      write_string_attribute(stream.timestamps, "units", "ms");
      stream.node_ids = create_growing(group, "node_ids", H5T_STD_U64LE, 0, chunk_spikes_);
      spike_stream_of_population_[p] = static_cast<int>(spikes_.size());
      spikes_.push_back(std::move(stream));
    }

    const hdf5::Handle state_group = hdf5::group_handle(H5Gcreate2(file_, "state", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "/state");
    for (const StateProbe& probe : probes) {
      const PopulationSpec& pop = spec.populations[probe.population];
      const std::string name = pop.name + "_" + probe.variable;
      const hdf5::Handle group = hdf5::group_handle(H5Gcreate2(state_group, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "state group");
      write_string_attribute(group, "population", pop.name);
      write_string_attribute(group, "variable", probe.variable);
      write_scalar_attribute(group, "interval", H5T_NATIVE_DOUBLE, probe.interval_steps * dt_ms_);
      hsize_t count = probe.neurons.size();
      const hdf5::Handle space = hdf5::space_handle(H5Screate_simple(1, &count, nullptr), "node id space");
      const hdf5::Handle ids = hdf5::dataset_handle(H5Dcreate2(group, "node_ids", H5T_STD_U32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "node_ids");
      check(H5Dwrite(ids, H5T_NATIVE_UINT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, probe.neurons.data()), "node_ids");
      StateStream stream;
      stream.width = probe.neurons.size();
      stream.times = create_growing(group, "times", H5T_IEEE_F64LE, 0, 1024);
      write_string_attribute(stream.times, "units", "ms");
      stream.data = create_growing(group, "data", H5T_IEEE_F32LE, stream.width, std::max<size_t>(1, 65536 / stream.width));
      states_.push_back(std::move(stream));
    }

    if (!weight_probes.empty()) {
      const hdf5::Handle history = hdf5::group_handle(H5Gcreate2(file_, "weight_history", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "/weight_history");
      for (const WeightProbe& probe : weight_probes) {
        const std::string& name = spec.projections[probe.projection].name;
        const hdf5::Handle group = hdf5::group_handle(H5Gcreate2(history, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "weight history group");
        write_scalar_attribute(group, "interval", H5T_NATIVE_DOUBLE, probe.interval_steps * dt_ms_);
        StateStream stream;  // its width: the first sample's
        stream.times = create_growing(group, "times", H5T_IEEE_F64LE, 0, 1024);
        write_string_attribute(stream.times, "units", "ms");
        const uint64_t expected = !probe.synapses.empty() ? probe.synapses.size() : projection_synapses.at(probe.projection);
        stream.data = create_growing_table(group, "data", H5T_IEEE_F32LE, expected);
        weight_histories_.push_back(std::move(stream));
        weight_history_synapses_.emplace_back(name, probe.synapses);
        }
    }
    if (!readouts.empty()) {
      const hdf5::Handle group = hdf5::group_handle(H5Gcreate2(file_, "readouts", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "/readouts");
      for (const ReadoutStreamSpec& r : readouts) {
        const hdf5::Handle entry = hdf5::group_handle(H5Gcreate2(group, r.name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "readout group");
        write_string_attribute(entry, "kind", r.kind);
        auto stream = [&](const char* name, bool with_times) {
          StateStream s;
          s.width = r.outputs;
          if (with_times) {
            s.times = create_growing(entry, "times", H5T_IEEE_F64LE, 0, 1024);
            write_string_attribute(s.times, "units", "ms");
          }
          s.data = create_growing(entry, name, H5T_IEEE_F32LE, s.width, std::max<size_t>(1, 65536 / s.width));
          return s;
        };
        readout_values_.push_back(stream("values", true));
        readout_teachers_.push_back(r.kind == "force" ? stream("teacher", false) : StateStream{});
      }
    }
    // How far a run the file holds, in ms: attributes cannot change once single-writer mode has begun,
    // so a one-value dataset is rewritten at each flush, and a killed run's file says where it got to.
    const hsize_t one = 1;
    const hdf5::Handle reached_space = hdf5::space_handle(H5Screate_simple(1, &one, nullptr), "time reached space");
    time_reached_ = checked(H5Dcreate2(file_, "time_reached", H5T_IEEE_F64LE, reached_space, H5P_DEFAULT, H5P_DEFAULT,
                                       H5P_DEFAULT), "/time_reached");
    write_string_attribute(time_reached_, "units", "ms");
    write_time_reached();
    check(H5Fstart_swmr_write(file_), "start single-writer mode");
  } catch (...) {
    close_handles();
    throw;
  }
}

Hdf5Recorder::~Hdf5Recorder() {
  if (!finished_) {
    try {
      flush_all();
    } catch (...) {
      // Nothing more can be saved; the file still holds every chunk written before.
    }
  }
  close_handles();
}

void Hdf5Recorder::on_spikes(uint32_t population, const uint64_t* steps, const uint32_t* neurons, size_t count) {
  const int index = spike_stream_of_population_[population];
  if (index < 0) return;
  SpikeStream& stream = spikes_[index];
  for (size_t k = 0; k < count; ++k) {
    stream.time_buffer.push_back(static_cast<double>(steps[k] + 1) * dt_ms_);
    stream.id_buffer.push_back(neurons[k]);
  }
  if (stream.time_buffer.size() >= chunk_spikes_) flush_spikes(stream);
}

void Hdf5Recorder::on_state(size_t probe, uint64_t step, const float* values) {
  StateStream& stream = states_[probe];
  stream.time_buffer.push_back(static_cast<double>(step + 1) * dt_ms_);
  stream.value_buffer.insert(stream.value_buffer.end(), values, values + stream.width);
  if (stream.value_buffer.size() >= chunk_spikes_) flush_state(stream);
}

void Hdf5Recorder::on_weights(size_t probe, uint64_t step, const float* values, size_t count) {
  StateStream& stream = weight_histories_[probe];
  stream.width = count;
  stream.time_buffer.push_back(static_cast<double>(step + 1) * dt_ms_);
  stream.value_buffer.insert(stream.value_buffer.end(), values, values + stream.width);
  if (stream.value_buffer.size() >= chunk_spikes_) flush_state(stream);
}

void Hdf5Recorder::on_readout(size_t readout, uint64_t step, const float* values, const float* teacher) {
  StateStream& v = readout_values_[readout];
  v.time_buffer.push_back(static_cast<double>(step + 1) * dt_ms_);
  v.value_buffer.insert(v.value_buffer.end(), values, values + v.width);
  StateStream& t = readout_teachers_[readout];
  if (t.data >= 0) t.value_buffer.insert(t.value_buffer.end(), teacher, teacher + t.width);
  if (v.value_buffer.size() >= chunk_spikes_) flush_readout(readout);
}

void Hdf5Recorder::on_progress(uint64_t, uint64_t) {
  // Besides full chunks, write at least every few seconds so that a killed run loses little time.
  const auto now = std::chrono::steady_clock::now();
  if (now - last_flush_ > std::chrono::seconds(5)) flush_all();
}

void Hdf5Recorder::flush_spikes(SpikeStream& stream) {
  const size_t rows = stream.time_buffer.size();
  append_rows(stream.node_ids, H5T_NATIVE_UINT64, stream.written, rows, 0, stream.id_buffer.data());
  append_rows(stream.timestamps, H5T_NATIVE_DOUBLE, stream.written, rows, 0, stream.time_buffer.data());
  stream.written += rows;
  stream.time_buffer.clear();
  stream.id_buffer.clear();
}

// Values first, then their times (a stream without times rides on another's).
void Hdf5Recorder::flush_state(StateStream& stream) {
  const size_t rows = stream.times >= 0 ? stream.time_buffer.size() : stream.value_buffer.size() / stream.width;
  append_rows(stream.data, H5T_NATIVE_FLOAT, stream.written, rows, stream.width, stream.value_buffer.data());
  if (stream.times >= 0) append_rows(stream.times, H5T_NATIVE_DOUBLE, stream.written, rows, 0, stream.time_buffer.data());
  stream.written += rows;
  stream.time_buffer.clear();
  stream.value_buffer.clear();
}

// The teacher's rows first: a killed run leaves no time whose values lack them.
void Hdf5Recorder::flush_readout(size_t readout) {
  if (readout_teachers_[readout].data >= 0) flush_state(readout_teachers_[readout]);
  flush_state(readout_values_[readout]);
}

void Hdf5Recorder::flush_all() {
  for (auto& s : spikes_) flush_spikes(s);
  for (auto& s : states_) flush_state(s);
  for (auto& s : weight_histories_) flush_state(s);
  for (size_t r = 0; r < readout_values_.size(); ++r) flush_readout(r);
  write_time_reached();
  last_flush_ = std::chrono::steady_clock::now();
}

// After the flushes: every spike through reached_step_ is in the file.
void Hdf5Recorder::write_time_reached() {
  const double reached = static_cast<double>(reached_step_) * dt_ms_;
  check(H5Dwrite(time_reached_, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &reached), "write /time_reached");
  check(H5Dflush(time_reached_), "flush /time_reached");
}

void Hdf5Recorder::close_handles() {
  for (auto& s : spikes_) {
    if (s.timestamps >= 0) H5Dclose(s.timestamps);
    if (s.node_ids >= 0) H5Dclose(s.node_ids);
    s.timestamps = s.node_ids = -1;
  }
  for (auto* streams : {&states_, &weight_histories_, &readout_values_, &readout_teachers_})
    for (auto& s : *streams) {
      if (s.times >= 0) H5Dclose(s.times);
      if (s.data >= 0) H5Dclose(s.data);
      s.times = s.data = -1;
    }
  if (time_reached_ >= 0) H5Dclose(time_reached_);
  time_reached_ = -1;
  if (file_ >= 0) H5Fclose(file_);
  file_ = -1;
}

namespace {

void write_counts(hid_t file, const RunCounts& counts) {
  const hdf5::Handle group = hdf5::group_handle(H5Gcreate2(file, "counts", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "/counts");
  write_scalar_attribute(group, "time_steps", H5T_NATIVE_UINT64, counts.time_steps);
  const hdf5::Handle populations = hdf5::group_handle(H5Gcreate2(group, "populations", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "populations");
  for (size_t k = 0; k < counts.populations.size(); ++k) {
    const PopulationCount& c = counts.populations[k];
    const hdf5::Handle entry = hdf5::group_handle(H5Gcreate2(populations, std::to_string(k).c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "population counts");
    write_string_attribute(entry, "name", c.name);
    write_scalar_attribute(entry, "neurons", H5T_NATIVE_UINT64, c.neurons);
    write_scalar_attribute(entry, "spikes", H5T_NATIVE_UINT64, c.spikes);
  }
  const hdf5::Handle projections = hdf5::group_handle(H5Gcreate2(group, "projections", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "projections");
  for (size_t k = 0; k < counts.projections.size(); ++k) {
    const ProjectionCount& c = counts.projections[k];
    const hdf5::Handle entry = hdf5::group_handle(H5Gcreate2(projections, std::to_string(k).c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "projection counts");
    write_string_attribute(entry, "name", c.name);
    write_string_attribute(entry, "source", c.source);
    write_string_attribute(entry, "target", c.target);
    write_scalar_attribute(entry, "source_neurons", H5T_NATIVE_UINT64, c.source_neurons);
    write_scalar_attribute(entry, "target_neurons", H5T_NATIVE_UINT64, c.target_neurons);
    write_scalar_attribute(entry, "synapses", H5T_NATIVE_UINT64, c.synapses);
    write_scalar_attribute(entry, "source_spikes", H5T_NATIVE_UINT64, c.source_spikes);
    write_scalar_attribute(entry, "synaptic_events", H5T_NATIVE_UINT64, c.synaptic_events);
  }
}

void write_learned_weights(hid_t file, const std::vector<LearnedWeights>& learned) {
  if (learned.empty()) return;
  const hdf5::Handle group = hdf5::group_handle(H5Gcreate2(file, "weights", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "/weights");
  for (const LearnedWeights& l : learned) {
    const hdf5::Handle entry = hdf5::group_handle(H5Gcreate2(group, l.projection.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "weights group");
    write_vector(entry, "sources", H5T_STD_U32LE, H5T_NATIVE_UINT32, l.synapses.sources());
    write_vector(entry, "targets", H5T_STD_U32LE, H5T_NATIVE_UINT32, l.synapses.targets);
    write_vector(entry, "weights", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, l.synapses.weights);
  }
}

}  // namespace

// Which synapses each weight history holds (indices, sources, targets), from the tables at the end of
// the run: where the GPU built them, the host knows them only now.
void Hdf5Recorder::write_history_synapses(hid_t file, const std::vector<LearnedWeights>& learned) const {
  for (const auto& history : weight_history_synapses_) {
    const std::string& name = history.first;
    const std::vector<uint64_t>& chosen = history.second;
    const auto table = std::find_if(learned.begin(), learned.end(), [&](const LearnedWeights& l) { return l.projection == name; });
    if (table == learned.end()) continue;
    const SynapseTable& t = table->synapses;
    std::vector<uint64_t> synapses = chosen;
    if (synapses.empty())
      for (uint64_t k = 0; k < t.size(); ++k) synapses.push_back(k);
    const std::vector<uint32_t> all_sources = t.sources();
    std::vector<uint32_t> sources, targets;
    for (const uint64_t k : synapses) {
      sources.push_back(all_sources[k]);
      targets.push_back(t.targets[k]);
    }
    const hdf5::Handle group = hdf5::group_handle(H5Gopen2(file, ("weight_history/" + name).c_str(), H5P_DEFAULT), "weight history group");
    write_vector(group, "synapses", H5T_STD_U64LE, H5T_NATIVE_UINT64, synapses);
    write_vector(group, "sources", H5T_STD_U32LE, H5T_NATIVE_UINT32, sources);
    write_vector(group, "targets", H5T_STD_U32LE, H5T_NATIVE_UINT32, targets);
  }
}

void Hdf5Recorder::finish(double wall_seconds, double simulated_ms, const RunCounts& counts,
                          const std::vector<LearnedWeights>& learned) {
  flush_all();
  close_handles();
  finished_ = true;
  // Attributes cannot be written in single-writer mode: reopen the closed file to mark it complete.
  const hdf5::Handle file = hdf5::file_handle(H5Fopen(path_.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "reopen " + path_ + " to finish it");
  // A step short of the duration is a run stopped early (the duration rounds to whole steps).
  write_string_attribute(file, "status", simulated_ms + 0.5 * dt_ms_ < duration_ms_ ? "interrupted" : "complete");
  write_scalar_attribute(file, "simulated_duration", H5T_NATIVE_DOUBLE, simulated_ms);
  write_scalar_attribute(file, "wall_time", H5T_NATIVE_DOUBLE, wall_seconds);
  write_counts(file, counts);
  write_learned_weights(file, learned);
  write_history_synapses(file, learned);
}

}  // namespace snn

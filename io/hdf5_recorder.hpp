#pragma once
// Writes a run to HDF5 as it goes. Layout (readable with h5py or any SONATA reader):
//   /spikes/<population>/timestamps  float64, ms, sorted by time     (attribute units = "ms")
//   /spikes/<population>/node_ids    uint64, neuron index in its population
//   /state/<population>_<variable>/{times, node_ids, data[sample, neuron]}
//   /counts/populations/<k>    attributes name, neurons, spikes                 (written at the end)
//   /counts/projections/<k>    attributes name, source, target, source_neurons, target_neurons,
//                              synapses, source_spikes, synaptic_events; /counts attribute time_steps
//   /weights/<projection>/{sources, targets, weights}  plastic projections' synapses after the run
//   /weight_history/<projection>/{times, data[sample, synapse]}  sampled weights of a plastic projection
//                              during the run; {synapses, sources, targets} which ones (written at the end)
//   /readouts/<name>/{times, values[sample, output], teacher[sample, output]}  host readouts (FORCE,
//                              filtered spike trains), attribute kind
//   root attributes: experiment (YAML), seed, dt, duration, version, backend, status, wall_time
// Data go out in chunks under HDF5's single-writer/multiple-reader mode, so a run that is killed
// loses at most the chunk in memory and the file still opens.
#include <hdf5.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/experiment_spec.hpp"
#include "core/network.hpp"
#include "core/run_counts.hpp"
#include "core/run_observer.hpp"

namespace snn {

struct RecordingMetadata {
  std::string experiment_yaml;
  std::string experiment_name;
  uint64_t seed = 0;
  double dt_ms = 0.1;
  double duration_ms = 0.0;
  std::string backend;
};

// A plastic projection's synapses as they stand at the end of a run.
struct LearnedWeights {
  std::string projection;
  SynapseTable synapses;
};

// A host readout (models/host_readout.hpp) whose samples are written as they come: "force" readouts
// carry the teacher's trains beside their output, "spikes" readouts do not.
struct ReadoutStreamSpec {
  std::string name, kind;
  size_t outputs = 1;
};

class Hdf5Recorder : public RunObserver {
 public:
  // `record_spikes[p]` chooses populations of `spec`; `probes` the sampled state; `projection_synapses`
  // the synapses of each projection, as the engine built them.
  Hdf5Recorder(const std::string& path, const ExperimentSpec& spec, const std::vector<uint64_t>& projection_synapses,
               const std::vector<bool>& record_spikes,
               const std::vector<StateProbe>& probes, const RecordingMetadata& metadata,
               const std::vector<WeightProbe>& weight_probes = {}, const std::vector<ReadoutStreamSpec>& readouts = {},
               size_t chunk_spikes = 1 << 16);
  ~Hdf5Recorder() override;
  Hdf5Recorder(const Hdf5Recorder&) = delete;
  Hdf5Recorder& operator=(const Hdf5Recorder&) = delete;

  void on_spikes(uint32_t population, const uint64_t* steps, const uint32_t* neurons, size_t count) override;
  void on_state(size_t probe, uint64_t step, const float* values) override;
  void on_weights(size_t probe, uint64_t step, const float* values, size_t count) override;
  void on_progress(uint64_t done, uint64_t total) override;
  // Host readout `readout`'s sample after `step`: its outputs, and for FORCE the teacher's trains.
  void on_readout(size_t readout, uint64_t step, const float* values, const float* teacher);

  void on_spikes_through(uint64_t step) override { reached_step_ = step + 1; }

  // Writes what is buffered: the file then holds the run whole up to the last on_spikes_through.
  void flush() { flush_all(); }

  // Writes what is buffered, marks the file complete (or interrupted, where the run stopped before
  // its duration) and records the time simulated, the wall time, the run's counts and the learned
  // weights.
  void finish(double wall_seconds, double simulated_ms, const RunCounts& counts,
              const std::vector<LearnedWeights>& learned = {});

 private:
  struct SpikeStream {
    hid_t timestamps = -1, node_ids = -1;
    uint64_t written = 0;
    std::vector<double> time_buffer;
    std::vector<uint64_t> id_buffer;
  };
  struct StateStream {
    hid_t times = -1, data = -1;
    size_t width = 0;
    uint64_t written = 0;
    std::vector<double> time_buffer;
    std::vector<float> value_buffer;
  };
  void flush_all();
  void write_time_reached();
  void flush_spikes(SpikeStream& stream);
  void flush_state(StateStream& stream);
  void flush_readout(size_t readout);
  void write_history_synapses(hid_t file, const std::vector<LearnedWeights>& learned) const;
  void close_handles();

  std::string path_;
  hid_t file_ = -1;
  hid_t time_reached_ = -1;  // /time_reached: how far the file holds the run, rewritten at each flush
  uint64_t reached_step_ = 0;
  double dt_ms_, duration_ms_;
  size_t chunk_spikes_;
  std::vector<int> spike_stream_of_population_;  // -1: not recorded
  std::vector<SpikeStream> spikes_;
  std::vector<StateStream> states_;
  std::vector<StateStream> weight_histories_;  // one per weight probe: samples as rows
  std::vector<StateStream> readout_values_, readout_teachers_;  // per host readout (teachers: FORCE only)
  std::vector<std::pair<std::string, std::vector<uint64_t>>> weight_history_synapses_;  // projection, synapses (empty: all)
  std::chrono::steady_clock::time_point last_flush_;
  bool finished_ = false;
};

}  // namespace snn

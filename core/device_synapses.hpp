#pragma once
// Synapses a projection asks for, built on the GPU instead of the host: the same rows, weights and
// delays the CPU builder would make (the same draw functions on the same Philox counters), made in
// device memory in a fraction of the time.
#include <algorithm>
#include <cstdint>

#include "core/experiment_spec.hpp"
#include "core/foundation/synapse_table.hpp"
#include "core/value_draw.hpp"

namespace snn {

// What the GPU builder needs to know of a projection whose synapses it makes.
struct DeferredSynapses {
  ConnectorSpec connector;
  SimpleDistribution weight, delay_ms;
  bool same_population = false;
  uint32_t source_count = 0, target_count = 0;
  uint64_t seed = 0;
  uint32_t projection_id = 0;
  double dt_ms = 0.1;
  NeuronPositions source_positions, target_positions;  // distance-dependent rules
  double target_area() const { return double(target_positions.width) * target_positions.height; }
};

// The GPU builder sorts rows through a buffer of this many targets, and draws fixed_indegree rows
// without multapses in groups whose member lists fit in as many words.
constexpr uint64_t kSortBuffer = uint64_t(64) << 20;
// What the GPU builder holds beside the finished table, at most: the sort buffer, the sort's
// workspace and the rejection lists (plus 4 bytes per source neuron).
constexpr uint64_t kBuildWorkingBytes = 3 * kSortBuffer * sizeof(uint32_t);

// Bytes of one synapse built on the GPU: target and weight, and its delay in one byte where no delay
// can exceed 255 steps (`longest_delay_ms`: the constant delay or the distribution's upper bound).
inline uint32_t gpu_synapse_bytes(double longest_delay_ms, double dt_ms) {
  return longest_delay_ms / dt_ms + 0.5 < 255.5 ? 9 : 10;
}

// The CUDA engine's spike records: a batch of at most kGpuMaxBatchSteps steps, in which each neuron
// fires at most once a step (8 bytes a record, at most kGpuRecordingBytes a batch); two batches are in
// flight, one being read while the next runs.
constexpr uint64_t kGpuMaxBatchSteps = 100;
constexpr uint64_t kGpuRecordingBytes = uint64_t(256) << 20;
constexpr uint64_t kGpuRecordedSpikeBytes = 8;
inline double gpu_recording_bytes(uint64_t recorded_neurons) {
  return 2.0 * std::min<double>(kGpuRecordingBytes, double(recorded_neurons) * kGpuMaxBatchSteps * kGpuRecordedSpikeBytes);
}

// Device bytes a plastic synapse needs beyond its table: a modulated rule's eligibility, or the
// synapse's place in the index by target (synapse and source) with the sort's working space while it is built.
inline double gpu_learning_bytes_per_synapse(bool modulated) { return modulated ? 4.0 : 24.0; }

// Builds on the GPU and copies the result back: for tests that compare with the CPU builder.
// Throws std::runtime_error where this build has no CUDA engine or no device is present.
SynapseTable build_synapses_on_gpu_for_comparison(const DeferredSynapses& deferred);

}  // namespace snn

#pragma once
// The memory a network will need, from its description alone, before anything is built: synapses,
// learning state, per-neuron values, delay rings and inputs, on the host for the CPU engine and on
// the GPU for the CUDA engine. `snn validate` prints both, `snn run` and the library refuse a network
// that cannot fit with these numbers, and experiments with a `scale` constant find the largest that
// fits (io/experiment_scaling.hpp). Tests hold the estimates within 10% of what the engines report.
#include <cstdint>

#include "core/experiment_spec.hpp"

namespace snn {

// The number of synapses `spec` will create: exact for every rule but fixed_probability and
// distance_gaussian (their means).
uint64_t expected_synapse_count(const ExperimentSpec& spec);

// Bytes of network state the CPU engine holds (what Network::state_bytes() counts once built).
uint64_t expected_host_bytes(const ExperimentSpec& spec);

// Bytes of GPU memory the CUDA engine needs, its synapses built on the GPU (with the builder's
// bounded working space).
uint64_t expected_state_bytes(const ExperimentSpec& spec);

// What the run's file will hold of sampled state and weight histories (spikes, which depend on the
// rates, not counted), and the record that writes most ("record.weights[0]: all 1.6e+07 synapses of
// 'ee' every 1 ms").
struct RecordingEstimate {
  double bytes = 0;
  std::string largest;
};
RecordingEstimate expected_recording(const ExperimentSpec& spec);

// Above this, `snn run` states the size and asks for --allow-large-output.
constexpr double kLargeRecordingBytes = 10.0 * (uint64_t(1) << 30);

}  // namespace snn

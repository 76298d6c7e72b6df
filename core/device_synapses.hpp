#pragma once
// Synapses a projection asks for, built on the GPU instead of the host: the same rows, weights and
// delays the CPU builder would make (the same draw functions on the same Philox counters), made in
// device memory in a fraction of the time.
#include <cstdint>

#include "core/experiment_spec.hpp"
#include "core/synapse_table.hpp"
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
};

// Builds on the GPU and copies the result back: for tests that compare with the CPU builder.
// Throws std::runtime_error where this build has no CUDA engine or no device is present.
SynapseTable build_synapses_on_gpu_for_comparison(const DeferredSynapses& deferred);

}  // namespace snn

#pragma once
// What the CPU engine knows about a projection before it delivers a spike, and the loops that add
// one thread's part of a row into the target's ring. Many networks give all synapses of a projection
// the same delay (one ring slot per row) or the same weight (NEST's homogeneous-weight synapses: one
// fixed-point value, and no weight to read per synapse, which halves the bytes a row costs).
#include <algorithm>
#include <cstdint>
#include <optional>

#include "core/cpu/row_splits.hpp"
#include "core/foundation/fixed_point.hpp"
#include "core/foundation/synapse_table.hpp"

namespace snn {

struct RowDeliveryPlan {
  std::optional<uint16_t> uniform_delay;  // steps, when every synapse has it
  std::optional<int64_t> uniform_weight;  // fixed point, when every synapse has it and none learns
  RowSplits splits;                       // each thread's part of every row, when threads share rows
};

inline RowDeliveryPlan plan_row_delivery(const SynapseTable& table, bool plastic) {
  RowDeliveryPlan plan;
  const std::vector<uint16_t>& delays = table.delay_steps;
  if (!delays.empty() && std::all_of(delays.begin(), delays.end(), [&](uint16_t d) { return d == delays[0]; }))
    plan.uniform_delay = delays[0];
  const std::vector<float>& weights = table.weights;
  // Equal as fixed-point values, which is what delivery adds.
  if (!plastic && !weights.empty() &&
      std::all_of(weights.begin(), weights.end(), [&](float w) { return to_fixed_point(w) == to_fixed_point(weights[0]); }))
    plan.uniform_weight = to_fixed_point(weights[0]);
  return plan;
}

// Synapses [begin, end) of a row whose delays are all equal: `arriving` is the ring slot they go to.
inline void add_row_to_slot(int64_t* arriving, const uint32_t* targets, const float* weights,
                            const std::optional<int64_t>& uniform_weight, uint64_t begin, uint64_t end) {
  if (uniform_weight) {
    const int64_t w = *uniform_weight;
    for (uint64_t k = begin; k < end; ++k) arriving[targets[k]] += w;
    return;
  }
  for (uint64_t k = begin; k < end; ++k) arriving[targets[k]] += to_fixed_point(weights[k]);
}

// Synapses [begin, end) of a row, each to the ring slot of its own delay.
inline void add_row_delayed(int64_t* ring, uint32_t slots, uint32_t size, uint32_t base, const uint32_t* targets,
                            const float* weights, const uint16_t* delay_steps, uint64_t begin, uint64_t end) {
  for (uint64_t k = begin; k < end; ++k) {
    uint32_t slot = base + delay_steps[k];
    if (slot >= slots) slot -= slots;
    ring[static_cast<uint64_t>(slot) * size + targets[k]] += to_fixed_point(weights[k]);
  }
}

}  // namespace snn

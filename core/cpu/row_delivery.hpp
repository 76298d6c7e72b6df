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
#include "core/simd_level.hpp"

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

// The loops below convert weights to fixed point a chunk at a time, apart from the additions: the
// conversion then runs in vector registers (AVX-512 converts floats to 64-bit integers; the
// additions stay scalar, as a row may name a target twice). The same operations per synapse, so
// every instruction set gives the same sums.
constexpr uint32_t kDeliveryChunk = 64;

using AddRowToSlot = void (*)(int64_t* arriving, const uint32_t* targets, const float* weights, uint64_t begin,
                              uint64_t end);
using AddRowDelayed = void (*)(int64_t* ring, uint32_t slots, uint32_t size, uint32_t base, const uint32_t* targets,
                               const float* weights, const uint16_t* delay_steps, uint64_t begin, uint64_t end);

// Defined once, compiled for each instruction set (TARGET) under the names add_row_to_slot_LEVEL
// (synapses [begin, end) of a row whose delays are all equal; `arriving` is their ring slot) and
// add_row_delayed_LEVEL (each synapse to the ring slot of its own delay).
#define SNN_ROW_DELIVERY(LEVEL, TARGET)                                                                             \
  TARGET inline void add_row_to_slot_##LEVEL(int64_t* arriving, const uint32_t* targets, const float* weights,     \
                                             uint64_t begin, uint64_t end) {                                       \
    int64_t value[kDeliveryChunk];                                                                                 \
    for (uint64_t k0 = begin; k0 < end; k0 += kDeliveryChunk) {                                                    \
      const uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(kDeliveryChunk, end - k0));                      \
      const float* w = weights + k0;                                                                               \
      for (uint32_t j = 0; j < n; ++j) value[j] = to_fixed_point(w[j]);                                            \
      const uint32_t* t = targets + k0;                                                                            \
      for (uint32_t j = 0; j < n; ++j) arriving[t[j]] += value[j];                                                 \
    }                                                                                                              \
  }                                                                                                                \
  TARGET inline void add_row_delayed_##LEVEL(int64_t* ring, uint32_t slots, uint32_t size, uint32_t base,          \
                                             const uint32_t* targets, const float* weights,                        \
                                             const uint16_t* delay_steps, uint64_t begin, uint64_t end) {          \
    uint64_t cell[kDeliveryChunk];                                                                                 \
    int64_t value[kDeliveryChunk];                                                                                 \
    for (uint64_t k0 = begin; k0 < end; k0 += kDeliveryChunk) {                                                    \
      const uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(kDeliveryChunk, end - k0));                      \
      const uint32_t* t = targets + k0;                                                                            \
      const float* w = weights + k0;                                                                               \
      const uint16_t* d = delay_steps + k0;                                                                        \
      for (uint32_t j = 0; j < n; ++j) {                                                                           \
        uint32_t slot = base + d[j];                                                                               \
        slot = slot >= slots ? slot - slots : slot;                                                                \
        cell[j] = static_cast<uint64_t>(slot) * size + t[j];                                                       \
        value[j] = to_fixed_point(w[j]);                                                                           \
      }                                                                                                            \
      for (uint32_t j = 0; j < n; ++j) ring[cell[j]] += value[j];                                                  \
    }                                                                                                              \
  }

SNN_ROW_DELIVERY(baseline, )
#if defined(__x86_64__)
SNN_ROW_DELIVERY(avx2, __attribute__((target("avx2"))))
SNN_ROW_DELIVERY(avx512, __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl"))))
#endif
#undef SNN_ROW_DELIVERY

struct RowDelivery {
  AddRowToSlot to_slot;
  AddRowDelayed delayed;
};

// The compilation for a resolved level (core/simd_level.hpp).
inline RowDelivery row_delivery_for(SimdLevel level) {
#if defined(__x86_64__)
  if (level == SimdLevel::kAvx512) return {&add_row_to_slot_avx512, &add_row_delayed_avx512};
  if (level == SimdLevel::kAvx2) return {&add_row_to_slot_avx2, &add_row_delayed_avx2};
#else
  (void)level;
#endif
  return {&add_row_to_slot_baseline, &add_row_delayed_baseline};
}

// Synapses [begin, end) of a row of a homogeneous-weight projection with one delay.
inline void add_uniform_row_to_slot(int64_t* arriving, const uint32_t* targets, int64_t weight, uint64_t begin,
                                    uint64_t end) {
  for (uint64_t k = begin; k < end; ++k) arriving[targets[k]] += weight;
}

}  // namespace snn

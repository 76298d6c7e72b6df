#pragma once
// What the overlapped step (overlapped_step_kernel.cuh) builds before it runs, so that a warp taking a
// spike needs no load before another: each projection's chunk slots a spike (its longest row in chunks,
// so that the queue's atomic need not wait for the row's bounds), and each population's one-step
// synapses (a delay of one time step, which the warp adds in the spike's own step) merged over its
// outgoing projections into rows of one width, so that the warp reads them without their bounds. The
// full tables stay as they are: they are what the engine reports and delivers the rest from.
#include <thrust/device_vector.h>

#include <cstdint>
#include <vector>

namespace snn::cuda {

// One one-step synapse in a population's merged rows: the outgoing projection (its place in the
// population's outgoing list) in the top bits of the target, the weight beside it; a row's unused
// entries hold kNoOneStepSynapse.
struct OneStepEntry {
  uint32_t outgoing_and_target;
  float weight;
};
constexpr uint32_t kOneStepTargetBits = 27;
constexpr uint32_t kOneStepOutgoing = 1u << (32 - kOneStepTargetBits);  // outgoing projections a row can name
constexpr uint32_t kNoOneStepSynapse = ~0u;

// A population's merged one-step rows as the overlapped kernel reads them: neuron i's entries are
// [i width, (i + 1) width); null where none of its projections has a one-step synapse.
struct OneStepRows {
  const OneStepEntry* entries;
  uint32_t width;
};

// An outgoing projection of a population, as the builders below read it (one delay array is set).
struct OutgoingTable {
  uint32_t outgoing;  // its place in the population's outgoing list
  const uint64_t* row_offsets;
  const uint32_t* targets;
  const float* weights;
  const uint16_t* delay_steps;
  const uint8_t* narrow_delay_steps;
  uint64_t synapses;
};

// How many of a table's synapses have a delay of one step.
uint64_t count_one_step_synapses(const uint16_t* delay_steps, const uint8_t* narrow_delay_steps, uint64_t synapses);

// The most synapses a row of the table has.
uint64_t longest_row(const uint64_t* row_offsets, uint32_t source_count);

// The width of a population's merged one-step rows: the most one-step synapses one of its
// `source_count` neurons has in `tables`.
uint32_t one_step_width(uint32_t source_count, const std::vector<OutgoingTable>& tables);

// The merged rows themselves (`width` from one_step_width), each neuron's synapses in the order of
// `tables`, then of its rows.
thrust::device_vector<OneStepEntry> merge_one_step_rows(uint32_t source_count, uint32_t width,
                                                        const std::vector<OutgoingTable>& tables);

}  // namespace snn::cuda

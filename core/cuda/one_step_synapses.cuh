#pragma once
// A projection's one-step synapses (a delay of one time step) copied into rows of their own in device
// memory. In the overlapped step (overlapped_step_kernel.cuh) a spike's one-step synapses are added by
// the warp that takes the spike, in the kernel of its step, because the next step reads them; the rest
// of its row waits for the next step's kernel, where it is delivered beside that step's neuron update. The full table stays as it is: it is what the engine reports and what learning changes.
#include <thrust/device_vector.h>

#include <cstdint>

namespace snn::cuda {

// A projection's one-step rows as the overlapped kernel reads them (all null where it has none).
struct OneStepRows {
  const uint32_t* rows;
  const uint32_t* targets;
  const float* weights;
};

struct DeviceOneStepSynapses {
  thrust::device_vector<uint32_t> row_offsets;  // source_count + 1; empty where the projection has none
  thrust::device_vector<uint32_t> targets;      // each row in the order of the full table
  thrust::device_vector<float> weights;
  uint64_t size() const { return targets.size(); }
};

// How many of a table's synapses have a delay of one step (one of the two delay arrays is set).
uint64_t count_one_step_synapses(const uint16_t* delay_steps, const uint8_t* narrow_delay_steps, uint64_t synapses);

// The one-step synapses of a table whose rows are `row_offsets` (`source_count` + 1 entries), where
// there are `one_step` of them (count_one_step_synapses) and fewer than 2^32.
DeviceOneStepSynapses gather_one_step_synapses(const uint64_t* row_offsets, uint32_t source_count, const uint32_t* targets,
                                               const float* weights, const uint16_t* delay_steps,
                                               const uint8_t* narrow_delay_steps, uint64_t synapses, uint64_t one_step);

}  // namespace snn::cuda

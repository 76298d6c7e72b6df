#pragma once
// The GPU synapse builder's result: one projection's rows in device memory.
#include <thrust/device_vector.h>

#include "core/device_synapses.hpp"

namespace snn::cuda {

struct DeviceSynapseTable {
  thrust::device_vector<uint64_t> row_offsets;
  thrust::device_vector<uint32_t> targets;
  thrust::device_vector<float> weights;
  thrust::device_vector<uint16_t> delay_steps;        // where a delay exceeds 255 steps,
  thrust::device_vector<uint8_t> narrow_delay_steps;  // else one byte each
  uint32_t longest_delay = 1;  // in steps
  uint64_t size() const { return targets.size(); }
};

// Throws std::invalid_argument for impossible requests, as the CPU builder does.
DeviceSynapseTable build_device_synapses(const DeferredSynapses& deferred);

// A projection's synapses in device memory read back into a host table (one-byte delays widened); one
// of the two delay arrays is set.
SynapseTable copy_synapses_to_host(const uint64_t* row_offsets, uint32_t source_count, const uint32_t* targets,
                                   const float* weights, const uint16_t* delay_steps, const uint8_t* narrow_delay_steps);

}  // namespace snn::cuda

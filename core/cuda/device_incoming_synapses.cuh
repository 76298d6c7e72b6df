#pragma once
// A plastic projection's synapses indexed by target, built in device memory from its table there: the
// GPU's counterpart of plasticity/incoming_synapses.hpp, with the same lists in the same order (each
// target's synapses in ascending table order), so that both engines potentiate alike.
#include <thrust/device_vector.h>

#include <cstdint>

namespace snn::cuda {

struct DeviceIncomingSynapses {
  thrust::device_vector<uint64_t> offsets;   // target_count + 1
  thrust::device_vector<uint64_t> synapses;  // table indices, grouped by target
  thrust::device_vector<uint32_t> sources;
};

DeviceIncomingSynapses index_incoming_on_device(const uint64_t* row_offsets, const uint32_t* targets, uint64_t synapses,
                                                uint32_t source_count, uint32_t target_count);

}  // namespace snn::cuda

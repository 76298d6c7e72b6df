#include "core/cuda/device_incoming_synapses.cuh"

#include <thrust/binary_search.h>
#include <thrust/execution_policy.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/sequence.h>
#include <thrust/sort.h>
#include <thrust/transform.h>

namespace snn::cuda {

namespace {
struct MinusOne {
  __host__ __device__ uint32_t operator()(uint64_t row_end) const { return static_cast<uint32_t>(row_end - 1); }
};
}  // namespace

// A stable sort of the synapse indices by target keeps each target's synapses in table order; each
// target's list starts at the first key not below it; a synapse's source is the row whose end is the
// first row offset above its index.
DeviceIncomingSynapses index_incoming_on_device(const uint64_t* row_offsets, const uint32_t* targets, uint64_t synapses,
                                                uint32_t source_count, uint32_t target_count) {
  DeviceIncomingSynapses in;
  thrust::device_vector<uint32_t> keys(thrust::device_pointer_cast(targets), thrust::device_pointer_cast(targets) + synapses);
  in.synapses.resize(synapses);
  thrust::sequence(thrust::device, in.synapses.begin(), in.synapses.end());
  thrust::stable_sort_by_key(thrust::device, keys.begin(), keys.end(), in.synapses.begin());
  in.offsets.resize(static_cast<size_t>(target_count) + 1);
  thrust::lower_bound(thrust::device, keys.begin(), keys.end(), thrust::counting_iterator<uint32_t>(0),
                      thrust::counting_iterator<uint32_t>(target_count + 1), in.offsets.begin());
  thrust::device_vector<uint32_t>().swap(keys);  // freed before the next buffer is allocated
  thrust::device_vector<uint64_t> row_ends(synapses);
  thrust::upper_bound(thrust::device, thrust::device_pointer_cast(row_offsets),
                      thrust::device_pointer_cast(row_offsets) + source_count + 1, in.synapses.begin(), in.synapses.end(),
                      row_ends.begin());
  in.sources.resize(synapses);
  thrust::transform(thrust::device, row_ends.begin(), row_ends.end(), in.sources.begin(), MinusOne{});
  return in;
}

}  // namespace snn::cuda

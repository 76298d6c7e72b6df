#include "core/cuda/one_step_synapses.cuh"

#include <thrust/copy.h>
#include <thrust/count.h>
#include <thrust/execution_policy.h>
#include <thrust/iterator/transform_iterator.h>
#include <thrust/iterator/zip_iterator.h>
#include <thrust/scan.h>

#include <cub/device/device_segmented_reduce.cuh>

#include "core/cuda/cuda_check.hpp"

namespace snn::cuda {

namespace {

struct IsOneStep {
  template <typename Delay>
  __host__ __device__ uint32_t operator()(Delay delay) const {
    return delay == 1 ? 1u : 0u;
  }
};

template <typename Delay>
DeviceOneStepSynapses gather(const uint64_t* row_offsets, uint32_t source_count, const uint32_t* targets,
                             const float* weights, const Delay* delays, uint64_t synapses, uint64_t one_step) {
  DeviceOneStepSynapses out;
  if (one_step == 0) return out;
  // Each row's count (one segment a row), then their running sum: the new rows' offsets.
  out.row_offsets.assign(static_cast<size_t>(source_count) + 1, 0);
  const auto flags = thrust::make_transform_iterator(delays, IsOneStep{});
  uint32_t* counts = thrust::raw_pointer_cast(out.row_offsets.data()) + 1;
  size_t scratch_bytes = 0;
  SNN_CUDA_CHECK(cub::DeviceSegmentedReduce::Sum(nullptr, scratch_bytes, flags, counts, source_count, row_offsets,
                                                 row_offsets + 1));
  thrust::device_vector<unsigned char> scratch(scratch_bytes);
  SNN_CUDA_CHECK(cub::DeviceSegmentedReduce::Sum(thrust::raw_pointer_cast(scratch.data()), scratch_bytes, flags, counts,
                                                 source_count, row_offsets, row_offsets + 1));
  thrust::inclusive_scan(thrust::device, out.row_offsets.begin() + 1, out.row_offsets.end(), out.row_offsets.begin() + 1);
  // The synapses themselves, in table order (a stable compaction).
  out.targets.resize(one_step);
  out.weights.resize(one_step);
  const auto from = thrust::make_zip_iterator(thrust::make_tuple(thrust::device_pointer_cast(targets),
                                                                 thrust::device_pointer_cast(weights)));
  thrust::copy_if(thrust::device, from, from + synapses, thrust::device_pointer_cast(delays),
                  thrust::make_zip_iterator(thrust::make_tuple(out.targets.begin(), out.weights.begin())), IsOneStep{});
  return out;
}

}  // namespace

uint64_t count_one_step_synapses(const uint16_t* delay_steps, const uint8_t* narrow_delay_steps, uint64_t synapses) {
  if (synapses == 0) return 0;
  if (narrow_delay_steps != nullptr)
    return thrust::count(thrust::device, narrow_delay_steps, narrow_delay_steps + synapses, uint8_t{1});
  return thrust::count(thrust::device, delay_steps, delay_steps + synapses, uint16_t{1});
}

DeviceOneStepSynapses gather_one_step_synapses(const uint64_t* row_offsets, uint32_t source_count, const uint32_t* targets,
                                               const float* weights, const uint16_t* delay_steps,
                                               const uint8_t* narrow_delay_steps, uint64_t synapses, uint64_t one_step) {
  if (narrow_delay_steps != nullptr)
    return gather(row_offsets, source_count, targets, weights, narrow_delay_steps, synapses, one_step);
  return gather(row_offsets, source_count, targets, weights, delay_steps, synapses, one_step);
}

}  // namespace snn::cuda

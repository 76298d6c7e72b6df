#include "core/cuda/overlapped_tables.cuh"

#include <thrust/copy.h>
#include <thrust/count.h>
#include <thrust/execution_policy.h>
#include <thrust/for_each.h>
#include <thrust/functional.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/transform_iterator.h>
#include <thrust/iterator/zip_iterator.h>
#include <thrust/reduce.h>
#include <thrust/scan.h>
#include <thrust/transform.h>
#include <thrust/transform_reduce.h>

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

// Each row's count of one-step synapses (one segment a row) into `counts` (source_count of them).
template <typename Delay>
void count_in_rows(const uint64_t* row_offsets, uint32_t source_count, const Delay* delays, uint32_t* counts) {
  const auto flags = thrust::make_transform_iterator(delays, IsOneStep{});
  size_t scratch_bytes = 0;
  SNN_CUDA_CHECK(cub::DeviceSegmentedReduce::Sum(nullptr, scratch_bytes, flags, counts, source_count, row_offsets,
                                                 row_offsets + 1));
  thrust::device_vector<unsigned char> scratch(scratch_bytes);
  SNN_CUDA_CHECK(cub::DeviceSegmentedReduce::Sum(thrust::raw_pointer_cast(scratch.data()), scratch_bytes, flags, counts,
                                                 source_count, row_offsets, row_offsets + 1));
}

thrust::device_vector<uint32_t> one_step_row_counts(const OutgoingTable& t, uint32_t source_count) {
  thrust::device_vector<uint32_t> counts(source_count, 0);
  if (t.synapses == 0 || source_count == 0) return counts;
  uint32_t* out = thrust::raw_pointer_cast(counts.data());
  if (t.narrow_delay_steps != nullptr) count_in_rows(t.row_offsets, source_count, t.narrow_delay_steps, out);
  else count_in_rows(t.row_offsets, source_count, t.delay_steps, out);
  return counts;
}

// The table's one-step synapses in table order (a stable compaction).
template <typename Delay>
void compact_one_step(const OutgoingTable& t, const Delay* delays, thrust::device_vector<uint32_t>& targets,
                      thrust::device_vector<float>& weights) {
  const auto from = thrust::make_zip_iterator(thrust::make_tuple(thrust::device_pointer_cast(t.targets),
                                                                 thrust::device_pointer_cast(t.weights)));
  thrust::copy_if(thrust::device, from, from + t.synapses, thrust::device_pointer_cast(delays),
                  thrust::make_zip_iterator(thrust::make_tuple(targets.begin(), weights.begin())), IsOneStep{});
}

struct RowLength {
  const uint64_t* row_offsets;
  __host__ __device__ uint64_t operator()(uint32_t i) const { return row_offsets[i + 1] - row_offsets[i]; }
};

// Appends row i's one-step synapses (compacted: [first[i], first[i + 1])) to neuron i's merged row,
// after the `filled[i]` entries of the tables before.
struct AppendRow {
  const uint64_t* first;
  const uint32_t* targets;
  const float* weights;
  uint32_t outgoing, width;
  uint32_t* filled;
  OneStepEntry* entries;
  __device__ void operator()(uint32_t i) const {
    uint32_t at = filled[i];
    for (uint64_t k = first[i]; k < first[i + 1]; ++k, ++at)
      entries[static_cast<uint64_t>(i) * width + at] =
          OneStepEntry{(outgoing << kOneStepTargetBits) | targets[k], weights[k]};
    filled[i] = at;
  }
};

}  // namespace

uint64_t count_one_step_synapses(const uint16_t* delay_steps, const uint8_t* narrow_delay_steps, uint64_t synapses) {
  if (synapses == 0) return 0;
  if (narrow_delay_steps != nullptr)
    return thrust::count(thrust::device, narrow_delay_steps, narrow_delay_steps + synapses, uint8_t{1});
  return thrust::count(thrust::device, delay_steps, delay_steps + synapses, uint16_t{1});
}

uint64_t longest_row(const uint64_t* row_offsets, uint32_t source_count) {
  return thrust::transform_reduce(thrust::device, thrust::counting_iterator<uint32_t>(0),
                                  thrust::counting_iterator<uint32_t>(source_count), RowLength{row_offsets}, uint64_t{0},
                                  thrust::maximum<uint64_t>());
}

uint32_t one_step_width(uint32_t source_count, const std::vector<OutgoingTable>& tables) {
  if (source_count == 0 || tables.empty()) return 0;
  thrust::device_vector<uint32_t> totals(source_count, 0);
  for (const OutgoingTable& t : tables) {
    const thrust::device_vector<uint32_t> counts = one_step_row_counts(t, source_count);
    thrust::transform(counts.begin(), counts.end(), totals.begin(), totals.begin(), thrust::plus<uint32_t>());
  }
  return thrust::reduce(totals.begin(), totals.end(), 0u, thrust::maximum<uint32_t>());
}

thrust::device_vector<OneStepEntry> merge_one_step_rows(uint32_t source_count, uint32_t width,
                                                        const std::vector<OutgoingTable>& tables) {
  thrust::device_vector<OneStepEntry> entries(static_cast<size_t>(source_count) * width,
                                              OneStepEntry{kNoOneStepSynapse, 0.0f});
  if (entries.empty()) return entries;
  thrust::device_vector<uint32_t> filled(source_count, 0);
  for (const OutgoingTable& t : tables) {
    const thrust::device_vector<uint32_t> counts = one_step_row_counts(t, source_count);
    thrust::device_vector<uint64_t> first(static_cast<size_t>(source_count) + 1, 0);
    thrust::inclusive_scan(counts.begin(), counts.end(), first.begin() + 1);
    const uint64_t total = first.back();
    if (total == 0) continue;
    thrust::device_vector<uint32_t> targets(total);
    thrust::device_vector<float> weights(total);
    if (t.narrow_delay_steps != nullptr) compact_one_step(t, t.narrow_delay_steps, targets, weights);
    else compact_one_step(t, t.delay_steps, targets, weights);
    thrust::for_each(thrust::device, thrust::counting_iterator<uint32_t>(0), thrust::counting_iterator<uint32_t>(source_count),
                     AppendRow{thrust::raw_pointer_cast(first.data()), thrust::raw_pointer_cast(targets.data()),
                               thrust::raw_pointer_cast(weights.data()), t.outgoing, width,
                               thrust::raw_pointer_cast(filled.data()), thrust::raw_pointer_cast(entries.data())});
  }
  return entries;
}

}  // namespace snn::cuda

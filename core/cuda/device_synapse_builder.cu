// Connectivity and synapse values generated in device memory. Rules whose rows come out in target
// order (all_to_all, one_to_one, fixed_probability) are counted, scanned and filled per source; the
// others draw (source, target) pairs that a radix sort puts in row order, which is the order the
// CPU builder's sort gives them, multapses included.
#include <cub/device/device_radix_sort.cuh>
#include <thrust/binary_search.h>
#include <thrust/execution_policy.h>
#include <thrust/scan.h>

#include <stdexcept>
#include <string>

#include "core/connectivity.hpp"
#include "core/connectivity_draws.hpp"
#include "core/cuda/cuda_check.hpp"
#include "core/cuda/device_synapse_builder.cuh"
#include "core/value_distribution.hpp"

namespace snn::cuda {
namespace {

constexpr uint32_t kBlock = 256;

template <typename T>
T* raw(thrust::device_vector<T>& v) {
  return thrust::raw_pointer_cast(v.data());
}

uint32_t blocks_for(uint64_t n) { return static_cast<uint32_t>((n + kBlock - 1) / kBlock); }

struct RowRule {
  ConnectorKind kind;
  RandomStream stream;
  float probability, inverse_log_miss;
  uint32_t target_count;
  bool skip_autapses;
};

// Counts (targets == nullptr) or writes the row of source i for the rules that produce rows in order.
__device__ uint64_t ordered_row(const RowRule& rule, uint32_t i, uint32_t* targets) {
  uint64_t n = 0;
  auto keep = [&](uint32_t j) {
    if (rule.skip_autapses && j == i) return;
    if (targets != nullptr) targets[n] = j;
    ++n;
  };
  if (rule.kind == ConnectorKind::kAllToAll) {
    for (uint32_t j = 0; j < rule.target_count; ++j) keep(j);
  } else if (rule.kind == ConnectorKind::kOneToOne) {
    keep(i);
  } else {
    ProbabilityRow draws{RowDraws{rule.stream, i}, rule.probability, rule.inverse_log_miss, rule.target_count};
    for (int64_t j = draws.next(); j >= 0; j = draws.next()) keep(static_cast<uint32_t>(j));
  }
  return n;
}

__global__ void count_rows_kernel(RowRule rule, uint32_t sources, uint64_t* counts) {
  const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < sources) counts[i] = ordered_row(rule, i, nullptr);
}

__global__ void fill_rows_kernel(RowRule rule, uint32_t sources, const uint64_t* offsets, uint32_t* targets) {
  const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < sources) ordered_row(rule, i, targets + offsets[i]);
}

// fixed_indegree (by target) and fixed_outdegree (by source): `degree` members per row, drawn with
// the rejection the CPU builder uses (the row's earlier members are in `scratch`), as sortable keys.
__global__ void degree_pairs_kernel(RandomStream stream, bool by_target, uint32_t rows, uint32_t candidates,
                                    uint64_t degree, bool skip_autapses, bool allow_multapses, uint32_t* scratch,
                                    uint64_t* keys) {
  const uint32_t row = blockIdx.x * blockDim.x + threadIdx.x;
  if (row >= rows) return;
  RowDraws draws{stream, row};
  uint32_t* chosen = scratch + row * degree;
  for (uint64_t k = 0; k < degree; ++k) {
    const uint32_t member = next_member(draws, candidates, skip_autapses ? static_cast<int64_t>(row) : -1, allow_multapses, chosen, k);
    chosen[k] = member;
    const uint64_t source = by_target ? member : row, target = by_target ? row : member;
    keys[row * degree + k] = (source << 32) | target;
  }
}

__global__ void total_pairs_kernel(RandomStream stream, uint64_t count, uint32_t sources, uint32_t targets,
                                   bool skip_autapses, uint64_t* keys) {
  const uint64_t m = static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (m >= count) return;
  uint32_t s, t;
  total_number_pair(stream, m, sources, targets, skip_autapses, s, t);
  keys[m] = (static_cast<uint64_t>(s) << 32) | t;
}

// Row offsets of sorted keys: where each source's keys begin.
__global__ void offsets_from_keys_kernel(const uint64_t* keys, uint64_t count, uint32_t sources, uint64_t* offsets) {
  const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i > sources) return;
  const uint64_t wanted = static_cast<uint64_t>(i) << 32;
  uint64_t lo = 0, hi = count;
  while (lo < hi) {
    const uint64_t mid = (lo + hi) / 2;
    if (keys[mid] < wanted) lo = mid + 1;
    else hi = mid;
  }
  offsets[i] = lo;
}

__global__ void targets_from_keys_kernel(const uint64_t* keys, uint64_t count, uint32_t* targets) {
  const uint64_t k = static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (k < count) targets[k] = static_cast<uint32_t>(keys[k]);
}

// Weight and delay of synapse k, which is number k - offsets[i] of row i, as the CPU builder draws it.
__global__ void synapse_values_kernel(const uint64_t* offsets, uint32_t sources, uint64_t count, SimpleDistribution weight,
                                      SimpleDistribution delay, RandomStream weight_stream, RandomStream delay_stream,
                                      double dt, float* weights, uint16_t* delays, uint32_t* longest) {
  const uint64_t k = static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (k >= count) return;
  uint32_t lo = 0, hi = sources;  // the row: last i with offsets[i] <= k
  while (hi - lo > 1) {
    const uint32_t mid = (lo + hi) / 2;
    if (offsets[mid] <= k) lo = mid;
    else hi = mid;
  }
  const uint64_t position = k - offsets[lo];
  weights[k] = static_cast<float>(draw_simple(weight, weight_stream, lo, position));
  long long steps = llround(draw_simple(delay, delay_stream, lo, position) / dt);
  if (steps < 1) steps = 1;
  if (steps > 65535) steps = 65536;  // reported as too long
  atomicMax(longest, static_cast<uint32_t>(steps));
  delays[k] = static_cast<uint16_t>(steps > 65535 ? 65535 : steps);
}

void sort_keys(thrust::device_vector<uint64_t>& keys, uint32_t sources) {
  thrust::device_vector<uint64_t> sorted(keys.size());
  int source_bits = 1;
  while (source_bits < 32 && (uint64_t(1) << source_bits) < sources) ++source_bits;
  size_t temporary = 0;
  SNN_CUDA_CHECK(cub::DeviceRadixSort::SortKeys(nullptr, temporary, raw(keys), raw(sorted), keys.size(), 0, 32 + source_bits));
  thrust::device_vector<uint8_t> workspace(temporary);
  SNN_CUDA_CHECK(cub::DeviceRadixSort::SortKeys(raw(workspace), temporary, raw(keys), raw(sorted), keys.size(), 0,
                                                32 + source_bits));
  keys.swap(sorted);
}

}  // namespace

DeviceSynapseTable build_device_synapses(const DeferredSynapses& d) {
  const ConnectorSpec& c = d.connector;
  const RandomStream stream = make_stream(d.seed, d.projection_id, StreamPurpose::kConnectivity);
  const bool skip_autapses = d.same_population && !c.allow_autapses;
  const uint32_t sources = d.source_count, targets = d.target_count;
  DeviceSynapseTable table;
  table.row_offsets.resize(sources + 1);
  if (c.kind == ConnectorKind::kAllToAll || c.kind == ConnectorKind::kOneToOne ||
      c.kind == ConnectorKind::kFixedProbability) {
    if (c.kind == ConnectorKind::kOneToOne && sources != targets)
      throw std::invalid_argument("one_to_one needs equal sizes, got " + std::to_string(sources) + " and " +
                                  std::to_string(targets));
    const RowRule rule{c.kind, stream, static_cast<float>(c.probability), probability_row_constant(c.probability), targets,
                       skip_autapses};
    thrust::device_vector<uint64_t> counts(sources + 1, 0);
    if (sources > 0) count_rows_kernel<<<blocks_for(sources), kBlock>>>(rule, sources, raw(counts));
    SNN_CUDA_CHECK(cudaGetLastError());
    thrust::exclusive_scan(thrust::device, counts.begin(), counts.end(), table.row_offsets.begin());
    table.targets.resize(table.row_offsets.back());
    if (sources > 0) fill_rows_kernel<<<blocks_for(sources), kBlock>>>(rule, sources, raw(table.row_offsets), raw(table.targets));
    SNN_CUDA_CHECK(cudaGetLastError());
  } else {
    thrust::device_vector<uint64_t> keys;
    if (c.kind == ConnectorKind::kFixedTotalNumber) {
      if (sources == 0 || targets == 0 || (skip_autapses && sources == 1 && targets == 1))
        throw std::invalid_argument("fixed_total_number needs at least one possible pair");
      keys.resize(c.count);
      if (c.count > 0) total_pairs_kernel<<<blocks_for(c.count), kBlock>>>(stream, c.count, sources, targets, skip_autapses, raw(keys));
    } else {
      const bool by_target = c.kind == ConnectorKind::kFixedInDegree;
      const uint32_t rows = by_target ? targets : sources, candidates = by_target ? sources : targets;
      const uint64_t available = candidates - (skip_autapses ? 1u : 0u);
      const char* what = by_target ? "fixed_indegree" : "fixed_outdegree";
      if (candidates == 0 || available == 0) throw std::invalid_argument(std::string(what) + " needs at least one candidate neuron");
      if (!c.allow_multapses && c.count > available)
        throw std::invalid_argument(std::string(what) + " " + std::to_string(c.count) + " exceeds the " +
                                    std::to_string(available) + " distinct candidates (allow_multapses is false)");
      keys.resize(static_cast<uint64_t>(rows) * c.count);
      thrust::device_vector<uint32_t> scratch(keys.size());
      if (rows > 0)
        degree_pairs_kernel<<<blocks_for(rows), kBlock>>>(stream, by_target, rows, candidates, c.count, skip_autapses,
                                                          c.allow_multapses, raw(scratch), raw(keys));
    }
    SNN_CUDA_CHECK(cudaGetLastError());
    if (!keys.empty()) sort_keys(keys, sources);
    offsets_from_keys_kernel<<<blocks_for(sources + 1), kBlock>>>(raw(keys), keys.size(), sources, raw(table.row_offsets));
    table.targets.resize(keys.size());
    if (!keys.empty()) targets_from_keys_kernel<<<blocks_for(keys.size()), kBlock>>>(raw(keys), keys.size(), raw(table.targets));
    SNN_CUDA_CHECK(cudaGetLastError());
  }
  const uint64_t count = table.targets.size();
  table.weights.resize(count);
  table.delay_steps.resize(count);
  thrust::device_vector<uint32_t> longest(1, 1);
  if (count > 0)
    synapse_values_kernel<<<blocks_for(count), kBlock>>>(
        raw(table.row_offsets), sources, count, d.weight, d.delay_ms,
        make_stream(d.seed, d.projection_id, StreamPurpose::kSynapseValue, name_slot("weight")),
        make_stream(d.seed, d.projection_id, StreamPurpose::kSynapseValue, name_slot("delay")), d.dt_ms,
        raw(table.weights), raw(table.delay_steps), raw(longest));
  SNN_CUDA_CHECK(cudaGetLastError());
  table.longest_delay = longest[0];
  if (table.longest_delay > 65535)
    throw std::invalid_argument("projection " + std::to_string(d.projection_id) + ": a delay exceeds 65535 time steps");
  return table;
}

}  // namespace snn::cuda

namespace snn {

SynapseTable build_synapses_on_gpu_for_comparison(const DeferredSynapses& deferred) {
  cuda::DeviceSynapseTable device = cuda::build_device_synapses(deferred);
  SynapseTable table;
  table.row_offsets.resize(device.row_offsets.size());
  table.targets.resize(device.targets.size());
  table.weights.resize(device.weights.size());
  table.delay_steps.resize(device.delay_steps.size());
  thrust::copy(device.row_offsets.begin(), device.row_offsets.end(), table.row_offsets.begin());
  thrust::copy(device.targets.begin(), device.targets.end(), table.targets.begin());
  thrust::copy(device.weights.begin(), device.weights.end(), table.weights.begin());
  thrust::copy(device.delay_steps.begin(), device.delay_steps.end(), table.delay_steps.begin());
  return table;
}

}  // namespace snn

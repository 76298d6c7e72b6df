// Connectivity and synapse values generated in device memory. Rules whose rows come out in target
// order (all_to_all, one_to_one, fixed_probability) are counted, scanned and filled per source. The
// others draw (source, target) pairs: a first pass counts each source's pairs, a second places each
// pair's target in its source's row (in arrival order), and each row is then sorted, which gives the
// order of the CPU builder's sort, multapses included. Nothing larger than the finished table is held,
// beside a sort buffer of bounded size, so the largest networks that fit can also be built.
#include <cub/device/device_segmented_sort.cuh>
#include <thrust/execution_policy.h>
#include <thrust/fill.h>
#include <thrust/iterator/transform_iterator.h>
#include <thrust/scan.h>
#include <thrust/sequence.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/connectivity.hpp"
#include "core/connectivity_draws.hpp"
#include "core/cuda/cuda_check.hpp"
#include "core/cuda/device_synapse_builder.cuh"
#include "core/distance_connectivity.hpp"
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
  GaussianProfile profile;  // distance_gaussian, with both sheets in device memory
  const float *source_x, *source_y, *target_x, *target_y;
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
  } else if (rule.kind == ConnectorKind::kDistanceGaussian) {
    const float x = rule.source_x[i], y = rule.source_y[i];
    for (uint32_t j = 0; j < rule.target_count; ++j)
      if (gaussian_connects(rule.profile, rule.stream, i, j, x, y, rule.target_x[j], rule.target_y[j])) keep(j);
  } else {  // fixed_probability: the only other kind build_device_synapses sends here
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

// Where a drawn pair goes: the count pass (targets == nullptr) counts each source's pairs, the fill
// pass puts the target at its source's row offset plus the pairs placed there so far.
struct PairSink {
  uint32_t* placed;          // per source
  const uint64_t* offsets;   // fill pass: row offsets
  uint32_t* targets;         // fill pass

  __device__ void add(uint32_t source, uint32_t target) const {
    const uint32_t k = atomicAdd(&placed[source], 1u);
    if (targets != nullptr) targets[offsets[source] + k] = target;
  }
};

// fixed_indegree: target rows [first_row, first_row + rows), `degree` sources each, drawn with the
// rejection the CPU builder uses (the row's earlier members are in `scratch` when multapses are not
// allowed).
__global__ void indegree_pairs_kernel(RandomStream stream, uint32_t first_row, uint32_t rows, uint32_t candidates,
                                      uint64_t degree, bool skip_autapses, bool allow_multapses, uint32_t* scratch,
                                      PairSink sink) {
  const uint32_t local = blockIdx.x * blockDim.x + threadIdx.x;
  if (local >= rows) return;
  const uint32_t row = first_row + local;
  RowDraws draws{stream, row};
  uint32_t* chosen = allow_multapses ? nullptr : scratch + static_cast<uint64_t>(local) * degree;
  for (uint64_t k = 0; k < degree; ++k) {
    const uint32_t member = next_member(draws, candidates, skip_autapses ? static_cast<int64_t>(row) : -1, allow_multapses, chosen, k);
    if (chosen != nullptr) chosen[k] = member;
    sink.add(member, row);
  }
}

// fixed_outdegree: source row i's `degree` targets, written straight into the row (which also serves
// as the list of earlier members for the rejection).
__global__ void outdegree_rows_kernel(RandomStream stream, uint32_t sources, uint32_t candidates, uint64_t degree,
                                      bool skip_autapses, bool allow_multapses, uint32_t* targets) {
  const uint32_t row = blockIdx.x * blockDim.x + threadIdx.x;
  if (row >= sources) return;
  RowDraws draws{stream, row};
  uint32_t* chosen = targets + static_cast<uint64_t>(row) * degree;
  for (uint64_t k = 0; k < degree; ++k)
    chosen[k] = next_member(draws, candidates, skip_autapses ? static_cast<int64_t>(row) : -1, allow_multapses, chosen, k);
}

__global__ void total_pairs_kernel(RandomStream stream, uint64_t count, uint32_t sources, uint32_t targets,
                                   bool skip_autapses, PairSink sink) {
  const uint64_t m = static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (m >= count) return;
  uint32_t s, t;
  total_number_pair(stream, m, sources, targets, skip_autapses, s, t);
  sink.add(s, t);
}

// The draw of synapse k's delay in steps (row i, position k - offsets[i]), as the CPU builder makes it.
__device__ inline uint32_t delay_in_steps(const SimpleDistribution& delay, const RandomStream& stream, uint32_t row,
                                          uint64_t position, double dt) {
  long long steps = llround(draw_simple(delay, stream, row, position) / dt);
  if (steps < 1) steps = 1;
  return steps > 65535 ? 65536u : static_cast<uint32_t>(steps);  // 65536: reported as too long
}

// The row of synapse k: the last i with offsets[i] <= k.
__device__ inline uint32_t row_of(const uint64_t* offsets, uint32_t sources, uint64_t k) {
  uint32_t lo = 0, hi = sources;
  while (hi - lo > 1) {
    const uint32_t mid = (lo + hi) / 2;
    if (offsets[mid] <= k) lo = mid;
    else hi = mid;
  }
  return lo;
}

// The longest delay of the projection, so that the delays can be stored in one byte where it fits.
__global__ void longest_delay_kernel(const uint64_t* offsets, uint32_t sources, uint64_t count, SimpleDistribution delay,
                                     RandomStream delay_stream, double dt, uint32_t* longest) {
  const uint64_t k = static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (k >= count) return;
  const uint32_t row = row_of(offsets, sources, k);
  atomicMax(longest, delay_in_steps(delay, delay_stream, row, k - offsets[row], dt));
}

// Weight and delay of synapse k, which is number k - offsets[i] of row i, as the CPU builder draws
// them; the delay goes to whichever of the two arrays is given.
__global__ void synapse_values_kernel(const uint64_t* offsets, uint32_t sources, uint64_t count, SimpleDistribution weight,
                                      SimpleDistribution delay, RandomStream weight_stream, RandomStream delay_stream,
                                      double dt, float* weights, uint16_t* delays, uint8_t* narrow_delays) {
  const uint64_t k = static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (k >= count) return;
  const uint32_t row = row_of(offsets, sources, k);
  const uint64_t position = k - offsets[row];
  weights[k] = static_cast<float>(draw_simple(weight, weight_stream, row, position));
  const uint32_t steps = min(delay_in_steps(delay, delay_stream, row, position, dt), 65535u);
  if (narrow_delays != nullptr) narrow_delays[k] = static_cast<uint8_t>(steps);
  else delays[k] = static_cast<uint16_t>(steps);
}

struct Widen {
  __host__ __device__ uint64_t operator()(uint32_t count) const { return count; }
};

struct MinusBase {
  uint64_t base;
  __host__ __device__ uint64_t operator()(uint64_t offset) const { return offset - base; }
};

// The targets of every row in ascending order, sorted a group of whole rows at a time through a buffer
// of at most kSortBuffer targets (or the longest row, if longer).
void sort_rows(thrust::device_vector<uint32_t>& targets, const thrust::device_vector<uint64_t>& offsets, uint32_t sources) {
  if (targets.empty()) return;
  std::vector<uint64_t> host(offsets.size());
  thrust::copy(offsets.begin(), offsets.end(), host.begin());
  uint64_t longest = 0;
  for (uint32_t i = 0; i < sources; ++i) longest = std::max(longest, host[i + 1] - host[i]);
  const uint64_t capacity = std::min<uint64_t>(targets.size(), std::max(kSortBuffer, longest));
  thrust::device_vector<uint32_t> sorted(capacity);
  thrust::device_vector<uint8_t> workspace;
  for (uint32_t first = 0; first < sources;) {
    // The rows [first, last) whose targets fit in the buffer (at least one row).
    const uint32_t last = std::max<uint32_t>(
        first + 1, static_cast<uint32_t>(std::upper_bound(host.begin() + first + 1, host.begin() + sources + 1,
                                                          host[first] + capacity) - host.begin() - 1));
    const uint64_t base = host[first], n = host[last] - base;
    if (n > 0) {
      auto begins = thrust::make_transform_iterator(thrust::raw_pointer_cast(offsets.data()) + first, MinusBase{base});
      size_t bytes = 0;
      uint32_t* keys = raw(targets) + base;
      SNN_CUDA_CHECK(cub::DeviceSegmentedSort::SortKeys(nullptr, bytes, keys, raw(sorted), static_cast<int64_t>(n),
                                                        last - first, begins, begins + 1));
      if (workspace.size() < bytes) workspace.resize(bytes);
      SNN_CUDA_CHECK(cub::DeviceSegmentedSort::SortKeys(raw(workspace), bytes, keys, raw(sorted), static_cast<int64_t>(n),
                                                        last - first, begins, begins + 1));
      SNN_CUDA_CHECK(cudaMemcpy(keys, raw(sorted), n * sizeof(uint32_t), cudaMemcpyDeviceToDevice));
    }
    first = last;
  }
}

// Counts the pairs of each source with `draw(sink)`, turns the counts into row offsets, draws the same
// pairs again into their rows, and sorts the rows.
template <typename Draw>
void build_from_pairs(DeviceSynapseTable& table, uint32_t sources, Draw draw) {
  thrust::device_vector<uint32_t> placed(sources + 1, 0);
  draw(PairSink{raw(placed), nullptr, nullptr});
  SNN_CUDA_CHECK(cudaGetLastError());
  // Summed in 64 bits: a projection may hold more than 2^32 synapses.
  thrust::exclusive_scan(thrust::device, thrust::make_transform_iterator(placed.begin(), Widen{}),
                         thrust::make_transform_iterator(placed.end(), Widen{}), table.row_offsets.begin(), uint64_t(0));
  table.targets.resize(table.row_offsets.back());
  thrust::fill(placed.begin(), placed.end(), 0u);
  draw(PairSink{raw(placed), raw(table.row_offsets), raw(table.targets)});
  SNN_CUDA_CHECK(cudaGetLastError());
  thrust::device_vector<uint32_t>().swap(placed);
  sort_rows(table.targets, table.row_offsets, sources);
}

// Rules whose rows come out in target order: count each row, scan, fill.
void build_ordered_rows(DeviceSynapseTable& table, const DeferredSynapses& d, const RandomStream& stream, bool skip_autapses) {
  const ConnectorSpec& c = d.connector;
  const uint32_t sources = d.source_count, targets = d.target_count;
  if (c.kind == ConnectorKind::kOneToOne && sources != targets)
    throw std::invalid_argument("one_to_one needs equal sizes, got " + std::to_string(sources) + " and " +
                                std::to_string(targets));
  RowRule rule{c.kind, stream, static_cast<float>(c.probability), probability_row_constant(c.probability), targets,
               skip_autapses, GaussianProfile{}, nullptr, nullptr, nullptr, nullptr};
  thrust::device_vector<float> sheets[4];
  if (c.kind == ConnectorKind::kDistanceGaussian) {
    if (d.source_positions.empty() || d.target_positions.empty())
      throw std::invalid_argument("distance_gaussian needs positions for both populations");
    rule.profile = gaussian_profile(c, d.target_positions);
    const std::vector<float>* host[4] = {&d.source_positions.x, &d.source_positions.y, &d.target_positions.x,
                                         &d.target_positions.y};
    for (int k = 0; k < 4; ++k) sheets[k] = thrust::device_vector<float>(host[k]->begin(), host[k]->end());
    rule.source_x = raw(sheets[0]), rule.source_y = raw(sheets[1]), rule.target_x = raw(sheets[2]), rule.target_y = raw(sheets[3]);
  }
  thrust::device_vector<uint64_t> counts(sources + 1, 0);
  if (sources > 0) count_rows_kernel<<<blocks_for(sources), kBlock>>>(rule, sources, raw(counts));
  SNN_CUDA_CHECK(cudaGetLastError());
  thrust::exclusive_scan(thrust::device, counts.begin(), counts.end(), table.row_offsets.begin());
  table.targets.resize(table.row_offsets.back());
  if (sources > 0) fill_rows_kernel<<<blocks_for(sources), kBlock>>>(rule, sources, raw(table.row_offsets), raw(table.targets));
  SNN_CUDA_CHECK(cudaGetLastError());
}

// fixed_indegree and fixed_outdegree: members drawn with rejection, rows sorted.
void build_fixed_degree(DeviceSynapseTable& table, const DeferredSynapses& d, const RandomStream& stream, bool skip_autapses) {
  const ConnectorSpec& c = d.connector;
  const uint32_t sources = d.source_count, targets = d.target_count;
  const bool by_target = c.kind == ConnectorKind::kFixedInDegree;
  const uint32_t rows = by_target ? targets : sources, candidates = by_target ? sources : targets;
  const uint64_t available = candidates - (skip_autapses ? 1u : 0u);
  const char* what = by_target ? "fixed_indegree" : "fixed_outdegree";
  if (candidates == 0 || available == 0) throw std::invalid_argument(std::string(what) + " needs at least one candidate neuron");
  if (!c.allow_multapses && c.count > available)
    throw std::invalid_argument(std::string(what) + " " + std::to_string(c.count) + " exceeds the " +
                                std::to_string(available) + " distinct candidates (allow_multapses is false)");
  if (!by_target) {
    thrust::sequence(thrust::device, table.row_offsets.begin(), table.row_offsets.end(), uint64_t(0), c.count);
    table.targets.resize(static_cast<uint64_t>(sources) * c.count);
    if (sources > 0 && c.count > 0)
      outdegree_rows_kernel<<<blocks_for(sources), kBlock>>>(stream, sources, candidates, c.count, skip_autapses,
                                                            c.allow_multapses, raw(table.targets));
    SNN_CUDA_CHECK(cudaGetLastError());
    sort_rows(table.targets, table.row_offsets, sources);
  } else {
    // Without multapses each target row keeps its members for the rejection: the rows are drawn in
    // groups whose lists fit in a buffer of bounded size.
    const uint64_t degree = std::max<uint64_t>(1, c.count);
    const uint32_t group = c.allow_multapses ? std::max<uint32_t>(1, rows)
                                             : static_cast<uint32_t>(std::clamp<uint64_t>(kSortBuffer / degree, 1, std::max<uint32_t>(1, rows)));
    thrust::device_vector<uint32_t> scratch(c.allow_multapses ? 0 : uint64_t(group) * degree);
    build_from_pairs(table, sources, [&](PairSink sink) {
      for (uint32_t first = 0; first < rows && c.count > 0; first += group) {
        const uint32_t n = std::min(group, rows - first);
        indegree_pairs_kernel<<<blocks_for(n), kBlock>>>(stream, first, n, candidates, c.count, skip_autapses,
                                                        c.allow_multapses, raw(scratch), sink);
      }
    });
  }
}

}  // namespace

DeviceSynapseTable build_device_synapses(const DeferredSynapses& d) {
  const ConnectorSpec& c = d.connector;
  const RandomStream stream = make_stream(d.seed, d.projection_id, StreamPurpose::kConnectivity);
  const bool skip_autapses = d.same_population && !c.allow_autapses;
  const uint32_t sources = d.source_count, targets = d.target_count;
  DeviceSynapseTable table;
  table.row_offsets.resize(sources + 1);
  switch (c.kind) {  // every kind handled: a new one does not compile until it says how it is built here
    case ConnectorKind::kAllToAll:
    case ConnectorKind::kOneToOne:
    case ConnectorKind::kFixedProbability:
    case ConnectorKind::kDistanceGaussian: build_ordered_rows(table, d, stream, skip_autapses); break;
    case ConnectorKind::kFixedTotalNumber:
      if (sources == 0 || targets == 0 || (skip_autapses && sources == 1 && targets == 1))
        throw std::invalid_argument("fixed_total_number needs at least one possible pair");
      build_from_pairs(table, sources, [&](PairSink sink) {
        if (c.count > 0) total_pairs_kernel<<<blocks_for(c.count), kBlock>>>(stream, c.count, sources, targets, skip_autapses, sink);
      });
      break;
    case ConnectorKind::kFixedInDegree:
    case ConnectorKind::kFixedOutDegree: build_fixed_degree(table, d, stream, skip_autapses); break;
    case ConnectorKind::kFromList: throw std::invalid_argument("from_list synapses are built on the host");
  }
  const uint64_t count = table.targets.size();
  const RandomStream weight_stream = make_stream(d.seed, d.projection_id, StreamPurpose::kSynapseValue, name_slot("weight"));
  const RandomStream delay_stream = make_stream(d.seed, d.projection_id, StreamPurpose::kSynapseValue, name_slot("delay"));
  thrust::device_vector<uint32_t> longest(1, 1);
  if (count > 0)
    longest_delay_kernel<<<blocks_for(count), kBlock>>>(raw(table.row_offsets), sources, count, d.delay_ms, delay_stream,
                                                        d.dt_ms, raw(longest));
  SNN_CUDA_CHECK(cudaGetLastError());
  table.longest_delay = longest[0];
  if (table.longest_delay > 65535)
    throw std::invalid_argument("projection " + std::to_string(d.projection_id) + ": a delay exceeds 65535 time steps");
  // One byte per delay where the longest fits: 9 bytes a synapse instead of 10.
  table.weights.resize(count);
  if (table.longest_delay <= 255) table.narrow_delay_steps.resize(count);
  else table.delay_steps.resize(count);
  if (count > 0)
    synapse_values_kernel<<<blocks_for(count), kBlock>>>(
        raw(table.row_offsets), sources, count, d.weight, d.delay_ms, weight_stream, delay_stream, d.dt_ms, raw(table.weights),
        table.delay_steps.empty() ? nullptr : raw(table.delay_steps),
        table.narrow_delay_steps.empty() ? nullptr : raw(table.narrow_delay_steps));
  SNN_CUDA_CHECK(cudaGetLastError());
  return table;
}

namespace {

// `count` values from device memory (none where `device` is null).
template <typename T>
std::vector<T> copy_to_host(const T* device, uint64_t count) {
  std::vector<T> host(device != nullptr ? count : 0);
  if (!host.empty()) SNN_CUDA_CHECK(cudaMemcpy(host.data(), device, count * sizeof(T), cudaMemcpyDeviceToHost));
  return host;
}

}  // namespace

SynapseTable copy_synapses_to_host(const uint64_t* row_offsets, uint32_t source_count, const uint32_t* targets,
                                   const float* weights, const uint16_t* delay_steps, const uint8_t* narrow_delay_steps) {
  SynapseTable t;
  t.row_offsets = copy_to_host(row_offsets, static_cast<uint64_t>(source_count) + 1);
  const uint64_t count = t.row_offsets.back();
  t.targets = copy_to_host(targets, count);
  t.weights = copy_to_host(weights, count);
  if (narrow_delay_steps != nullptr) {
    const std::vector<uint8_t> narrow = copy_to_host(narrow_delay_steps, count);
    t.delay_steps.assign(narrow.begin(), narrow.end());
  } else {
    t.delay_steps = copy_to_host(delay_steps, count);
  }
  return t;
}

}  // namespace snn::cuda

namespace snn {

SynapseTable build_synapses_on_gpu_for_comparison(const DeferredSynapses& deferred) {
  cuda::DeviceSynapseTable device = cuda::build_device_synapses(deferred);
  const bool narrow = !device.narrow_delay_steps.empty();
  return cuda::copy_synapses_to_host(
      cuda::raw(device.row_offsets), static_cast<uint32_t>(device.row_offsets.size() - 1), cuda::raw(device.targets),
      cuda::raw(device.weights), narrow ? nullptr : cuda::raw(device.delay_steps),
      narrow ? cuda::raw(device.narrow_delay_steps) : nullptr);
}

}  // namespace snn

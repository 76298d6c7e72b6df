#pragma once
// The kernels of one time step: every neuron of every population (inputs, ports, model, spike
// emission), then every projection's spike delivery. Both read the step number from device memory
// plus an offset fixed at graph capture, so a captured batch of steps replays without host work.
#include <cstdint>

#include "core/fixed_point.hpp"
#include "core/neuron_update.hpp"

namespace snn::cuda {

struct DevicePopulation {
  PopulationView view;
  uint32_t first_block;   // first block of the neuron kernel that works on this population
  uint32_t input_begin, input_count;
  uint32_t spike_offset;  // where this population's spikes of a step go in the spike buffer
  uint32_t global_offset; // first index of this population in the recording's neuron numbering
  bool record;
  const uint64_t* scheduled_steps;  // spike-source arrays
  const uint32_t* scheduled_neurons;
  uint32_t scheduled_count;
  uint32_t outgoing_begin, outgoing_count;  // this population's projections in the outgoing list (fused kernel)
};

struct DeviceProjection {
  uint32_t source;
  uint32_t source_spike_offset;  // where the source population's spikes of a step are in the spike buffer
  const uint64_t* row_offsets;
  const uint32_t* targets;
  const float* weights;
  const uint16_t* delay_steps;
  int64_t* ring;
  uint32_t ring_slots, target_size;
};

struct RecordedSpike {
  uint32_t step_offset;    // within the batch
  uint32_t global_neuron;
};

constexpr uint32_t kPopulationsInParameters = 32;

struct StepBuffers {
  uint64_t* base_step;        // the first step of the current batch (advanced after each batch)
  uint32_t* spike_counts;     // [2][populations]: double-buffered by step parity
  uint32_t* spike_ids;        // one step's spikes, per population at spike_offset
  RecordedSpike* recorded;    // the batch's spikes for the host
  uint32_t* recorded_count;
  unsigned long long* delivered_events;  // synaptic events since the engine started
  uint32_t population_count;
  // The neuron kernel's first block of each population, passed with the launch so that a block finds
  // its population without a chain of loads (populations beyond the first 32 are searched in memory).
  uint32_t first_block[kPopulationsInParameters];
};

// The population that neuron-kernel block `block` works on.
__device__ inline uint32_t population_of_block(const DevicePopulation* populations, const StepBuffers& buffers,
                                               uint32_t block) {
  uint32_t p = 0;
  const uint32_t in_parameters = min(buffers.population_count, kPopulationsInParameters);
  while (p + 1 < in_parameters && buffers.first_block[p + 1] <= block) ++p;
  while (p + 1 < buffers.population_count && p + 1 >= in_parameters && populations[p + 1].first_block <= block) ++p;
  return p;
}

// The first schedule entry of a spike-source array at or after `step` (the schedule is sorted).
__device__ inline uint32_t first_scheduled(const DevicePopulation& pop, uint64_t step) {
  uint32_t lo = 0, hi = pop.scheduled_count;
  while (lo < hi) {
    const uint32_t mid = (lo + hi) / 2;
    if (pop.scheduled_steps[mid] < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Copies population `p`'s table entry into shared memory for the block. Read from there, its fields
// cost a shared load each; read from global memory they would be reloaded after every store of the
// neuron update (the compiler cannot rule out that a store hits them), each an L2 round trip.
__device__ inline void load_population(const DevicePopulation* populations, uint32_t p, DevicePopulation& shared) {
  static_assert(sizeof(DevicePopulation) % sizeof(uint32_t) == 0, "copied as words");
  const uint32_t* from = reinterpret_cast<const uint32_t*>(populations + p);
  uint32_t* to = reinterpret_cast<uint32_t*>(&shared);
  for (uint32_t w = threadIdx.x; w < sizeof(DevicePopulation) / sizeof(uint32_t); w += blockDim.x) to[w] = from[w];
  __syncthreads();
}

__global__ void neuron_step_kernel(const DevicePopulation* populations, const InputView* inputs, StepBuffers buffers,
                                   uint32_t step_offset, float dt) {
  const uint64_t step = *buffers.base_step + step_offset;
  const uint32_t parity = static_cast<uint32_t>(step & 1u);
  // The other parity's counters were last read by the previous step's delivery, which has finished:
  // clear them for the next step.
  if (blockIdx.x == 0)
    for (uint32_t q = threadIdx.x; q < buffers.population_count; q += blockDim.x)
      buffers.spike_counts[(parity ^ 1u) * buffers.population_count + q] = 0;
  const uint32_t p = population_of_block(populations, buffers, blockIdx.x);
  __shared__ DevicePopulation pop;
  load_population(populations, p, pop);
  const uint32_t i = (blockIdx.x - pop.first_block) * blockDim.x + threadIdx.x;
  uint32_t* count = &buffers.spike_counts[parity * buffers.population_count + p];
  auto emit = [&](uint32_t neuron) {
    const uint32_t index = atomicAdd(count, 1u);
    buffers.spike_ids[pop.spike_offset + index] = neuron;
    if (pop.record) {
      const uint32_t slot = atomicAdd(buffers.recorded_count, 1u);
      buffers.recorded[slot] = RecordedSpike{step_offset, pop.global_offset + neuron};
    }
  };
  if (pop.view.model == NeuronModel::kSpikeSourceArray) {
    if (i != 0) return;
    for (uint32_t lo = first_scheduled(pop, step); lo < pop.scheduled_count && pop.scheduled_steps[lo] == step; ++lo) emit(pop.scheduled_neurons[lo]);
    return;
  }
  if (i >= pop.view.size) return;
  const uint32_t slot = static_cast<uint32_t>(step % pop.view.ring_slots);
  if (step_neuron(pop.view, inputs + pop.input_begin, pop.input_count, i, slot, step, dt)) emit(i);
}

// Where one synapse's weight goes in this step, and how much of it (fixed point).
struct SynapseHit {
  unsigned long long* cell;
  unsigned long long amount;
};

__device__ inline SynapseHit synapse_hit(const DeviceProjection& proj, uint32_t base_slot, uint64_t s) {
  uint32_t slot = base_slot + proj.delay_steps[s];
  if (slot >= proj.ring_slots) slot -= proj.ring_slots;
  return SynapseHit{reinterpret_cast<unsigned long long*>(proj.ring + static_cast<uint64_t>(slot) * proj.target_size + proj.targets[s]),
                    static_cast<unsigned long long>(to_fixed_point(proj.weights[s]))};
}

// Each thread loads this many synapses before it issues their atomics, so that their loads overlap
// instead of each waiting behind the previous synapse's atomic.
constexpr uint32_t kSynapsesInFlight = 4;

__device__ inline void add_hits(const SynapseHit (&hits)[kSynapsesInFlight]) {
  SNN_UNROLL
  for (uint32_t u = 0; u < kSynapsesInFlight; ++u)
    if (hits[u].cell != nullptr) atomicAdd(hits[u].cell, hits[u].amount);
}

// One block per (projection, spike) pair: the block's threads walk the row of the neuron that fired,
// so a step's few spikes still spread over the whole GPU. Each block first turns the step's spike
// counts into a prefix sum over projections in shared memory (one parallel load instead of a chain of
// loads per pair). Integer atomics make the sum independent of the order in which blocks arrive.
// Dynamic shared memory: projection_count + 1 words.
__global__ void deliver_kernel(const DeviceProjection* projections, uint32_t projection_count, StepBuffers buffers,
                               uint32_t step_offset) {
  extern __shared__ uint32_t first_pair[];
  const uint64_t step = *buffers.base_step + step_offset;
  const uint32_t parity = static_cast<uint32_t>(step & 1u);
  const uint32_t* counts = buffers.spike_counts + parity * buffers.population_count;
  for (uint32_t j = threadIdx.x; j < projection_count; j += blockDim.x) first_pair[j + 1] = counts[projections[j].source];
  __syncthreads();
  if (threadIdx.x == 0) {
    first_pair[0] = 0;
    for (uint32_t j = 0; j < projection_count; ++j) first_pair[j + 1] += first_pair[j];
  }
  __syncthreads();
  const uint32_t total = first_pair[projection_count];
  for (uint32_t pair = blockIdx.x; pair < total; pair += gridDim.x) {
    uint32_t lo = 0, hi = projection_count;  // the last j with first_pair[j] <= pair
    while (hi - lo > 1) {
      const uint32_t mid = (lo + hi) / 2;
      if (first_pair[mid] <= pair) lo = mid;
      else hi = mid;
    }
    const DeviceProjection proj = projections[lo];  // in registers: not reloaded after each atomic
    const uint32_t source = buffers.spike_ids[proj.source_spike_offset + pair - first_pair[lo]];
    const uint32_t base = static_cast<uint32_t>(step % proj.ring_slots);
    const uint64_t begin = proj.row_offsets[source], end = proj.row_offsets[source + 1];
    if (threadIdx.x == 0) atomicAdd(buffers.delivered_events, static_cast<unsigned long long>(end - begin));
    for (uint64_t k = begin + threadIdx.x; k < end; k += kSynapsesInFlight * blockDim.x) {
      SynapseHit hits[kSynapsesInFlight];
      SNN_UNROLL
      for (uint32_t u = 0; u < kSynapsesInFlight; ++u) {
        const uint64_t s = k + u * blockDim.x;
        hits[u] = s < end ? synapse_hit(proj, base, s) : SynapseHit{nullptr, 0};
      }
      add_hits(hits);
    }
  }
}

struct DeviceProbe {
  const float* variable;
  const uint32_t* neurons;
  uint32_t count, output_offset;
};

// Copies the probed state after a step into the batch's probe buffer (row = step offset), with the
// threads of `first_thread` + k * `thread_stride`. The state was written by other blocks, so it is
// read from L2 (__ldcg), never from a line this SM's L1 may hold from an earlier step.
__device__ inline void copy_probes(const DeviceProbe* probes, uint32_t probe_count, float* output, uint32_t row_width,
                                   uint32_t step_offset, uint32_t first_thread, uint32_t thread_stride) {
  for (uint32_t q = 0; q < probe_count; ++q) {
    const DeviceProbe& probe = probes[q];
    for (uint32_t j = first_thread; j < probe.count; j += thread_stride)
      output[static_cast<uint64_t>(step_offset) * row_width + probe.output_offset + j] =
          __ldcg(probe.variable + probe.neurons[j]);
  }
}

__global__ void probe_kernel(const DeviceProbe* probes, uint32_t probe_count, float* output, uint32_t row_width,
                             uint32_t step_offset) {
  copy_probes(probes, probe_count, output, row_width, step_offset, blockIdx.x * blockDim.x + threadIdx.x,
              gridDim.x * blockDim.x);
}

__global__ void advance_kernel(uint64_t* base_step, uint32_t steps) { *base_step += steps; }

}  // namespace snn::cuda

#pragma once
// The parts every step scheme's kernels are made of: the device tables of populations and
// projections, stepping a block of neurons (inputs, ports, model, spike emission), queueing a spike's
// rows as delivery chunks and delivering them, and copying probed state. Kernels read the step number
// from device memory plus an offset fixed at graph capture, so a captured batch of steps replays
// without host work.
#include <cstdint>

#include "core/cuda/plasticity_kernels.cuh"
#include "core/foundation/fixed_point.hpp"
#include "core/neuron_update.hpp"

namespace snn::cuda {

// One outgoing projection of a population: its rows, and its index in the projection table.
struct OutgoingRows {
  const uint64_t* row_offsets;
  uint32_t projection, unused;
};
constexpr uint32_t kOutgoingInline = 8;

struct DevicePopulation {
  PopulationView view;
  uint32_t first_block;   // first block of the neuron kernel that works on this population
  uint32_t input_begin, input_count;
  uint32_t global_offset; // first index of this population in the recording's neuron numbering
  bool record;
  const uint64_t* scheduled_steps;  // spike-source arrays
  const uint32_t* scheduled_neurons;
  uint32_t scheduled_count;
  uint32_t outgoing_begin, outgoing_count;  // this population's projections in the outgoing list
  // Each neuron's last spike step and (overlapped step) the one before, where learning reads them
  // (else null).
  uint64_t* spike_steps;
  uint64_t* previous_spike_steps;
  // The rows of the first outgoing projections, so that a neuron that fires finds them in the block's
  // copy of this entry rather than behind two more global loads.
  OutgoingRows outgoing[kOutgoingInline];
};

struct DeviceProjection {
  const uint64_t* row_offsets;
  const uint32_t* targets;
  const float* weights;
  const uint16_t* delay_steps;        // one of the two is set: two bytes a delay,
  const uint8_t* narrow_delay_steps;  // or one where every delay of the projection fits
  int64_t* ring;
  uint32_t ring_slots, target_size;
  const DevicePlasticity* plasticity;  // null for a static projection
};

struct RecordedSpike {
  uint32_t step_offset;    // within the batch
  uint32_t global_neuron;
};

constexpr uint32_t kPopulationsInParameters = 32;
constexpr uint32_t kDeliveryBlock = 256;
// Each delivery thread loads this many synapses before it issues their additions, so that their loads
// overlap instead of each waiting behind the previous synapse's.
constexpr uint32_t kSynapsesInFlight = 4;
// A row is delivered in chunks of at most this many synapses, one chunk per delivery block and pass:
// a long row spreads over several blocks, and a block's threads take a chunk in one go.
constexpr uint32_t kChunkSynapses = kDeliveryBlock * kSynapsesInFlight;
// The delivery kernel keeps the projection table in shared memory where there are at most this many
// projections (more are read from global memory).
constexpr uint32_t kProjectionsInShared = 64;

// Synapses [first, first + count) of `projection`, to be delivered in this step. The neuron kernel
// queues the chunks of the rows of the neurons that fired; the delivery kernel reads nothing else to
// find its work.
// Each chunk carries the (low 32 bits of the) step it was queued in: a delivery block reads its chunk
// straight away and knows from the tag whether it is this step's, instead of first waiting for the
// queue's length.
struct DeliveryChunk {
  uint64_t first;
  uint32_t step;
  uint32_t projection : 21;  // up to kMaxQueuedProjections
  uint32_t count : 11;       // up to kChunkSynapses (0: an empty slot of the overlapped step)
};
static_assert(kChunkSynapses < (1u << 11), "a chunk's count fits its field");
constexpr uint32_t kMaxQueuedProjections = 1u << 21;

struct StepBuffers {
  uint64_t* base_step;        // the first step of the current batch (advanced after each batch)
  DeliveryChunk* chunks;      // one step's delivery work (two steps' in the overlapped step: two sets)
  uint32_t chunk_capacity;    // chunks of one set
  uint32_t* chunk_counts;     // [3], chosen by the step's offset in the batch (two_kernel_queue, overlapped_queue); cleared after a batch
  RecordedSpike* recorded;    // the batch's spikes for the host
  uint32_t* recorded_count;
  unsigned long long* projection_events;  // per projection: synaptic events since the engine started
  uint32_t population_count;
  const ModulatorView* modulators;  // stepped by the delivery kernel's first thread
  uint32_t modulator_count;
  const ReadoutErrorView* readout_errors;  // stepped by its first block, after the modulators (gates)
  uint32_t readout_error_count;
  // The neuron kernel's first block of each population, passed with the launch so that a block finds
  // its population without a chain of loads (populations beyond the first 32 are searched in memory).
  uint32_t first_block[kPopulationsInParameters];
};

// Where one step's chunks go: its set of the chunk array and the count of chunks queued there.
struct ChunkQueue {
  DeliveryChunk* chunks;
  uint32_t* count;
  uint32_t capacity;
};

// The two-kernel step: every step's chunks in the one set, counted by the parity of its offset (the
// neuron kernel clears the other parity's count, which the previous delivery kernel has read).
__device__ inline ChunkQueue two_kernel_queue(const StepBuffers& buffers, uint32_t step_offset) {
  return ChunkQueue{buffers.chunks, buffers.chunk_counts + (step_offset & 1u), buffers.chunk_capacity};
}

// The overlapped step: step offset k's chunks are queued in set k % 2 and counted in count k % 3, while
// the same kernel delivers step k - 1's (the other set, another count) and clears the count of step
// k - 2, delivered by the kernel before.
__device__ inline ChunkQueue overlapped_queue(const StepBuffers& buffers, uint32_t step_offset) {
  return ChunkQueue{buffers.chunks + (step_offset & 1u) * static_cast<uint64_t>(buffers.chunk_capacity),
                    buffers.chunk_counts + step_offset % 3u, buffers.chunk_capacity};
}

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

// The block's shared instance of T. T's members may have default initializers (the encoders' settings
// do), which shared memory cannot run: the storage is raw and the kernel fills it.
template <typename T>
__device__ inline T& block_shared() {
  __shared__ alignas(T) unsigned char bytes[sizeof(T)];
  return *reinterpret_cast<T*>(bytes);
}

// Copies `count` values of T from global to shared memory with the block's threads.
template <typename T>
__device__ inline void copy_to_shared(const T* from, T* to, uint32_t count) {
  static_assert(sizeof(T) % sizeof(uint32_t) == 0, "copied as words");
  const uint32_t* source = reinterpret_cast<const uint32_t*>(from);
  uint32_t* destination = reinterpret_cast<uint32_t*>(to);
  for (uint32_t w = threadIdx.x; w < count * sizeof(T) / sizeof(uint32_t); w += blockDim.x) destination[w] = source[w];
}

// Copies population `p`'s table entry into shared memory for the block. Read from there, its fields
// cost a shared load each; read from global memory they would be reloaded after every store of the
// neuron update (the compiler cannot rule out that a store hits them), each an L2 round trip.
__device__ inline void load_population(const DevicePopulation* populations, uint32_t p, DevicePopulation& shared) {
  copy_to_shared(populations + p, &shared, 1);
  __syncthreads();
}

// The rows of neuron `neuron` in the outgoing projections [group, group + kOutgoingInline) of its
// population `pop` (the block's shared copy), loaded together.
struct RowGroup {
  uint64_t begin[kOutgoingInline], end[kOutgoingInline];
  uint32_t ids[kOutgoingInline];
};

__device__ inline RowGroup load_row_group(const DeviceProjection* projections, const uint32_t* outgoing,
                                          const DevicePopulation& pop, uint32_t neuron, uint32_t group) {
  RowGroup g;
  SNN_UNROLL
  for (uint32_t k = 0; k < kOutgoingInline; ++k) {
    const uint32_t o = group + k;
    g.begin[k] = g.end[k] = 0;
    g.ids[k] = 0;
    if (o >= pop.outgoing_count) continue;
    const bool inline_entry = o < kOutgoingInline;
    g.ids[k] = inline_entry ? pop.outgoing[o].projection : outgoing[pop.outgoing_begin + o];
    const uint64_t* rows = inline_entry ? pop.outgoing[o].row_offsets : projections[g.ids[k]].row_offsets;
    g.begin[k] = rows[neuron];
    g.end[k] = rows[neuron + 1];
  }
  return g;
}

// Queues the group's rows as chunks: one atomic reserves them all.
__device__ inline void queue_row_group(const RowGroup& g, const ChunkQueue& queue, uint32_t step_tag) {
  uint32_t chunks = 0;
  SNN_UNROLL
  for (uint32_t k = 0; k < kOutgoingInline; ++k)
    chunks += static_cast<uint32_t>((g.end[k] - g.begin[k] + kChunkSynapses - 1) / kChunkSynapses);
  if (chunks == 0) return;
  uint32_t slot = atomicAdd(queue.count, chunks);
  SNN_UNROLL
  for (uint32_t k = 0; k < kOutgoingInline; ++k)
    for (uint64_t first = g.begin[k]; first < g.end[k]; first += kChunkSynapses)
      queue.chunks[slot++] = DeliveryChunk{
          first, step_tag, g.ids[k],
          static_cast<uint32_t>(g.end[k] - first < kChunkSynapses ? g.end[k] - first : kChunkSynapses)};
}

// Steps the neurons of neuron block `block` (of `pop`, the block's shared copy, with its inputs
// `inputs`) at `step`, whose ring slot is `slot`, then every thread of the block calls `spikes(fired,
// neuron)`; a spike-source array's block does so once per round of at most blockDim.x of the step's
// scheduled spikes (they are sorted by step).
template <typename Spikes>
__device__ inline void step_neuron_block(const DevicePopulation& pop, const InputView* inputs, uint32_t block,
                                         uint64_t step, uint32_t slot, float dt, Spikes&& spikes) {
  if (pop.view.kind == PopulationKind::kSpikeSourceArray) {
    for (uint32_t e = first_scheduled(pop, step) + threadIdx.x;; e += blockDim.x) {
      const bool fired = e < pop.scheduled_count && pop.scheduled_steps[e] == step;
      if (__syncthreads_or(fired) == 0) return;
      spikes(fired, fired ? pop.scheduled_neurons[e] : 0);
    }
  }
  const uint32_t i = (block - pop.first_block) * blockDim.x + threadIdx.x;
  spikes(i < pop.view.size && step_neuron(pop.view, inputs, pop.input_count, i, slot, step, dt), i);
}

// Notes that `neuron` fired in `step`, where learning reads its spike steps; kKeepPrevious: the spike
// before is kept too (the overlapped step: plasticity_kernels.cuh, SpikeSteps).
template <bool kKeepPrevious>
__device__ inline void note_spike_step(const DevicePopulation& pop, uint32_t neuron, uint64_t step) {
  if (pop.spike_steps == nullptr) return;
  if constexpr (kKeepPrevious) pop.previous_spike_steps[neuron] = pop.spike_steps[neuron];
  pop.spike_steps[neuron] = step;
}

// Where one synapse's weight goes in this step, and how much of it (fixed point).
struct SynapseHit {
  unsigned long long* cell;
  unsigned long long amount;
};

// With kSkipOneStep, one-step synapses are left out (no cell): the overlapped step has added them already.
template <bool kSkipOneStep = false>
__device__ inline SynapseHit synapse_hit(const DeviceProjection& proj, uint32_t base_slot, uint64_t s) {
  const uint32_t delay = proj.narrow_delay_steps != nullptr ? proj.narrow_delay_steps[s] : proj.delay_steps[s];
  uint32_t slot = base_slot + delay;
  if (slot >= proj.ring_slots) slot -= proj.ring_slots;
  if (kSkipOneStep && delay == 1) return SynapseHit{nullptr, 0};
  return SynapseHit{reinterpret_cast<unsigned long long*>(proj.ring + static_cast<uint64_t>(slot) * proj.target_size + proj.targets[s]),
                    static_cast<unsigned long long>(to_fixed_point(proj.weights[s]))};
}

// Adds to a ring cell (or a counter) without asking for its old value. The address comes from a table,
// so the compiler cannot tell that it is global memory: plain atomicAdd becomes a generic atomic that
// returns the old value, and the thread waits for that round trip before it reuses the register. A
// global reduction is sent and forgotten. Integer addition keeps the sum independent of the order.
__device__ inline void add_to_cell(unsigned long long* cell, unsigned long long amount) {
  asm volatile("red.relaxed.gpu.global.add.u64 [%0], %1;" ::"l"(__cvta_generic_to_global(cell)), "l"(amount) : "memory");
}

__device__ inline void add_hits(const SynapseHit (&hits)[kSynapsesInFlight]) {
  SNN_UNROLL
  for (uint32_t u = 0; u < kSynapsesInFlight; ++u)
    if (hits[u].cell != nullptr) add_to_cell(hits[u].cell, hits[u].amount);
}

// The delivery block's copy of the projection table (where it has at most kProjectionsInShared
// entries), and each projection's ring slot of the step delivered.
struct DeliveryTable {
  DeviceProjection entries[kProjectionsInShared];
  uint32_t base_slots[kProjectionsInShared];
};

// Copies the projection table into the block's shared memory: done before the block waits for the
// kernel before it (dependent_launch.cuh), since no kernel of a step writes the table.
__device__ inline void load_delivery_table(const DeviceProjection* projections, uint32_t projection_count,
                                           DeliveryTable& table) {
  if (projection_count <= kProjectionsInShared && threadIdx.x < projection_count)
    table.entries[threadIdx.x] = projections[threadIdx.x];
}

// Delivers the `total` chunks queued in `queue` at `step` with blocks [0, blocks) of the delivery, one
// chunk per block and pass; `first` is this block's first chunk, read by the caller together with the
// total. The chunk's tag says whether it is this step's (a block with none returns unless the queue is
// longer than the blocks). Then the synapses: two dependent loads before the first addition. A step's
// few spikes still spread over the whole GPU. With kSkipOneStep, one-step synapses are skipped; with
// kLearns, plastic projections learn from the pre spikes (a network that does not learn keeps the
// rules' code out of the kernel's registers).
template <bool kSkipOneStep, bool kLearns>
__device__ inline void deliver_chunks(const DeviceProjection* projections, uint32_t projection_count,
                                      DeliveryTable& table, const ChunkQueue& queue, uint32_t total,
                                      const DeliveryChunk& first, unsigned long long* projection_events, uint64_t step,
                                      uint32_t block, uint32_t blocks) {
  const bool shared = projection_count <= kProjectionsInShared;
  const bool has_first = first.step == static_cast<uint32_t>(step);
  if (!has_first && block + blocks >= total) return;
  if (shared && threadIdx.x < projection_count)
    table.base_slots[threadIdx.x] = static_cast<uint32_t>(step % table.entries[threadIdx.x].ring_slots);
  __syncthreads();
  for (uint32_t c = block; c < total; c += blocks) {
    const DeliveryChunk chunk = c == block ? first : queue.chunks[c];
    const DeviceProjection& proj = shared ? table.entries[chunk.projection] : projections[chunk.projection];
    const uint32_t base_slot = shared ? table.base_slots[chunk.projection] : static_cast<uint32_t>(step % proj.ring_slots);
    if (threadIdx.x == 0 && chunk.count > 0) add_to_cell(projection_events + chunk.projection, chunk.count);
    SynapseHit hits[kSynapsesInFlight];
    SNN_UNROLL
    for (uint32_t u = 0; u < kSynapsesInFlight; ++u) {
      const uint32_t k = threadIdx.x + u * kDeliveryBlock;
      hits[u] = k < chunk.count ? synapse_hit<kSkipOneStep>(proj, base_slot, chunk.first + k) : SynapseHit{nullptr, 0};
    }
    add_hits(hits);
    if constexpr (kLearns)
      if (proj.plasticity != nullptr && chunk.count > 0)
        learn_from_pre_spikes(*proj.plasticity, chunk.first, chunk.count, kDeliveryBlock, step);
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

}  // namespace snn::cuda

#pragma once
// The persistent kernel: a whole batch of steps in one cooperative launch. Each block updates its
// neurons, collects the ones that fired in shared memory and at once delivers them along their rows
// (delays are at least one step, so no cell read in this step is written), then the grid waits at one
// barrier per step. Against the two-kernel step this saves a launch and the chain of global loads
// that hands spikes from one kernel to the next, which is most of a small network's step.
#include <cub/block/block_scan.cuh>

#include "core/cuda/device_network.cuh"
#include "core/cuda/grid_barrier.cuh"
#include "core/cuda/step_kernels.cuh"

namespace snn::cuda {

constexpr uint32_t kFusedBlock = kNeuronBlock;  // the same numbering of blocks as every scheme's neuron update

struct FusedStep {
  const DevicePopulation* populations;
  const InputView* inputs;
  const DeviceProjection* projections;
  const uint32_t* outgoing;  // projection indices grouped by source population
  StepBuffers buffers;
  const DeviceProbe* probes;
  uint32_t probe_count;
  float* probe_output;
  uint32_t probe_width;
  uint32_t neuron_blocks;
  float dt;
  GridBarrier barrier;
};

// A neuron's rows in its population's first outgoing projections are loaded with its state, before
// its update (whether or not it fires), so that a spike's delivery does not wait for them after the
// update: after each grid barrier every load is an L2 round trip.
constexpr uint32_t kRowsPreloaded = 2;

// What one block keeps between the update of its neurons and the delivery of their spikes.
struct FusedShared {
  DevicePopulation population;  // of the neuron block being stepped (load_population says why)
  // Copies of the population's first outgoing projections' entries (read without a global load).
  DeviceProjection outgoing[kOutgoingInline];
  uint32_t spike_count;
  uint32_t spikes[kFusedBlock];
  // Row bounds of each spike in the first kRowsPreloaded outgoing projections, where the firing thread
  // preloaded them (neuron updates; a spike-source schedule's rows are loaded in delivery).
  uint64_t spike_row_begin[kRowsPreloaded][kFusedBlock];
  uint64_t spike_row_end[kRowsPreloaded][kFusedBlock];
  // One (spike, projection) pair per thread of a delivery round: where its row starts, where it starts
  // in the round's flattened synapse range, its projection (and its place among the population's
  // outgoing projections) and the ring slot of this step.
  uint64_t row_begin[kFusedBlock];
  uint64_t flat_start[kFusedBlock + 1];
  uint32_t projection[kFusedBlock];
  uint32_t outgoing_index[kFusedBlock];
  uint32_t base_slot[kFusedBlock];
  typename cub::BlockScan<uint64_t, kFusedBlock>::TempStorage scan;
  uint32_t schedule_begin, schedule_end;
};

// Population `p`'s entry and its first outgoing projections' entries into the block's shared memory.
__device__ inline void load_fused_population(const FusedStep& c, uint32_t p, FusedShared& sh) {
  load_population(c.populations, p, sh.population);
  const uint32_t inline_count = min(sh.population.outgoing_count, kOutgoingInline);
  for (uint32_t o = 0; o < inline_count; ++o)
    copy_to_shared(c.projections + sh.population.outgoing[o].projection, &sh.outgoing[o], 1);
  __syncthreads();
}

// The projection entry of the population's outgoing projection `o` (with global index `q`).
__device__ inline DeviceProjection outgoing_projection(const FusedStep& c, const FusedShared& sh, uint32_t o, uint32_t q) {
  return o < kOutgoingInline ? sh.outgoing[o] : c.projections[q];
}

// Reserves a place for a spike in the batch's recording (the slot is written once known, so that the
// atomic's round trip overlaps the delivery).
__device__ inline uint32_t reserve_recording(const FusedStep& c, const DevicePopulation& pop) {
  return pop.record ? atomicAdd(c.buffers.recorded_count, 1u) : 0;
}

__device__ inline void write_recording(const FusedStep& c, const DevicePopulation& pop, uint32_t slot, uint32_t neuron,
                                       uint32_t step_offset) {
  if (pop.record) c.buffers.recorded[slot] = RecordedSpike{step_offset, pop.global_offset + neuron};
}

// Delivers the block's spikes (sh.spikes[0..spike_count)) along every outgoing projection. The
// threads share out the synapses of all (spike, projection) pairs evenly, whatever the row lengths.
// `rows_preloaded`: the firing threads left the spikes' first rows in sh.spike_row_begin/end.
__device__ inline void deliver_block_spikes(const FusedStep& c, FusedShared& sh, const DevicePopulation& pop,
                                            uint64_t step, bool rows_preloaded) {
  const uint32_t pairs = sh.spike_count * pop.outgoing_count;
  for (uint32_t round = 0; round < pairs; round += kFusedBlock) {
    const uint32_t pair = round + threadIdx.x;
    uint64_t length = 0;
    if (pair < pairs) {
      const uint32_t o = pair % pop.outgoing_count, spike = pair / pop.outgoing_count;
      const uint32_t q = o < kOutgoingInline ? pop.outgoing[o].projection : c.outgoing[pop.outgoing_begin + o];
      const DeviceProjection proj = outgoing_projection(c, sh, o, q);
      uint64_t begin, end;
      if (rows_preloaded && o < kRowsPreloaded) {
        begin = sh.spike_row_begin[o][spike];
        end = sh.spike_row_end[o][spike];
      } else {
        const uint32_t neuron = sh.spikes[spike];
        begin = proj.row_offsets[neuron];
        end = proj.row_offsets[neuron + 1];
      }
      length = end - begin;
      sh.row_begin[threadIdx.x] = begin;
      sh.projection[threadIdx.x] = q;
      sh.outgoing_index[threadIdx.x] = o;
      if (length > 0) add_to_cell(c.buffers.projection_events + q, length);
      sh.base_slot[threadIdx.x] = static_cast<uint32_t>(step % proj.ring_slots);
    }
    uint64_t start = 0, total = 0;
    cub::BlockScan<uint64_t, kFusedBlock>(sh.scan).ExclusiveSum(length, start, total);
    sh.flat_start[threadIdx.x] = start;  // pairs past the end have length 0 and start at `total`
    if (threadIdx.x == 0) sh.flat_start[kFusedBlock] = total;
    __syncthreads();
    // Each thread's flat index only grows, so its pair is found by walking forward.
    uint32_t j = 0, cached = UINT32_MAX;
    DeviceProjection proj{};
    for (uint64_t first = threadIdx.x; first < total; first += kSynapsesInFlight * kFusedBlock) {
      SynapseHit hits[kSynapsesInFlight];
      SNN_UNROLL
      for (uint32_t u = 0; u < kSynapsesInFlight; ++u) {
        const uint64_t k = first + u * kFusedBlock;
        hits[u] = SynapseHit{nullptr, 0};
        if (k >= total) continue;
        while (sh.flat_start[j + 1] <= k) ++j;
        if (j != cached) {
          proj = outgoing_projection(c, sh, sh.outgoing_index[j], sh.projection[j]);
          cached = j;
        }
        hits[u] = synapse_hit(proj, sh.base_slot[j], sh.row_begin[j] + (k - sh.flat_start[j]));
      }
      add_hits(hits);
    }
    __syncthreads();  // the pair arrays are refilled by the next round
  }
  // Reset spike_count for the block's next step once every thread has read it (the rounds' barriers
  // saw to that if there were rounds; `pairs` is the same in every thread); the last barrier orders
  // the reset before any thread's next emission.
  if (pairs == 0) __syncthreads();
  if (threadIdx.x == 0) sh.spike_count = 0;
  __syncthreads();
}

// Which neuron block a block of the persistent kernel stepped last, its population (whose entry
// sh.population holds) and that step's ring slot. A block that steps one neuron block, as most do,
// neither searches its population nor divides the step by the ring's length again: each step is
// instruction latency for a few warps an SM.
struct BlockCursor {
  uint32_t block = UINT32_MAX, population = UINT32_MAX, slot = 0;
  uint64_t step = 0;
};

// Points `cursor` at neuron block `block` in `step` (the same neuron block's previous call was this
// step or the one before).
__device__ inline void move_cursor(const FusedStep& c, FusedShared& sh, BlockCursor& cursor, uint32_t block, uint64_t step) {
  if (block == cursor.block) {
    cursor.slot += static_cast<uint32_t>(step - cursor.step);
    if (cursor.slot >= sh.population.view.ring_slots) cursor.slot = 0;
    cursor.step = step;
    return;
  }
  const uint32_t p = population_of_block(c.populations, c.buffers, block);
  if (p != cursor.population) load_fused_population(c, p, sh);
  cursor = BlockCursor{block, p, static_cast<uint32_t>(step % sh.population.view.ring_slots), step};
}

// One step of neuron-kernel block `block`: its neurons (or its share of a spike-source schedule),
// then the delivery of what fired.
__device__ inline void fused_block_step(const FusedStep& c, FusedShared& sh, uint32_t block, uint64_t step,
                                        uint32_t step_offset, BlockCursor& cursor) {
  move_cursor(c, sh, cursor, block, step);
  const DevicePopulation& pop = sh.population;
  if (pop.view.kind == PopulationKind::kSpikeSourceArray) {
    if (threadIdx.x == 0) {
      sh.schedule_begin = first_scheduled(pop, step);
      uint32_t end = sh.schedule_begin;
      while (end < pop.scheduled_count && pop.scheduled_steps[end] == step) ++end;
      sh.schedule_end = end;
    }
    __syncthreads();
    // This step's schedule entries, a block's worth at a time.
    for (uint32_t first = sh.schedule_begin; first < sh.schedule_end; first += kFusedBlock) {
      const uint32_t e = first + threadIdx.x;
      if (threadIdx.x == 0) sh.spike_count = min(kFusedBlock, sh.schedule_end - first);
      uint32_t neuron = 0, recorded_slot = 0;
      if (e < sh.schedule_end) {
        neuron = pop.scheduled_neurons[e];
        sh.spikes[threadIdx.x] = neuron;
        recorded_slot = reserve_recording(c, pop);
      }
      __syncthreads();
      deliver_block_spikes(c, sh, pop, step, false);
      if (e < sh.schedule_end) write_recording(c, pop, recorded_slot, neuron, step_offset);
    }
    __syncthreads();  // every thread has read schedule_end before this block's next step may rewrite it
    return;
  }
  const uint32_t i = (block - pop.first_block) * kFusedBlock + threadIdx.x;
  bool fired = false;
  uint32_t recorded_slot = 0;
  if (i < pop.view.size) {
    uint64_t row_begin[kRowsPreloaded] = {}, row_end[kRowsPreloaded] = {};
    SNN_UNROLL
    for (uint32_t o = 0; o < kRowsPreloaded; ++o)
      if (o < pop.outgoing_count) {
        row_begin[o] = pop.outgoing[o].row_offsets[i];
        row_end[o] = pop.outgoing[o].row_offsets[i + 1];
      }
    fired = step_neuron(pop.view, c.inputs + pop.input_begin, pop.input_count, i, cursor.slot, step, c.dt);
    if (fired) {
      const uint32_t spike = atomicAdd(&sh.spike_count, 1u);
      sh.spikes[spike] = i;
      SNN_UNROLL
      for (uint32_t o = 0; o < kRowsPreloaded; ++o) {
        sh.spike_row_begin[o][spike] = row_begin[o];
        sh.spike_row_end[o][spike] = row_end[o];
      }
      recorded_slot = reserve_recording(c, pop);
    }
  }
  __syncthreads();
  deliver_block_spikes(c, sh, pop, step, true);
  if (fired) write_recording(c, pop, recorded_slot, i, step_offset);
}

// `steps` steps from *base_step on; launched cooperatively, with at most as many blocks as fit on the
// GPU at once. Blocks take the neuron-kernel blocks round-robin, always the same ones, so a neuron's
// state is only ever touched by one SM.
__global__ void __launch_bounds__(kFusedBlock, 2) fused_steps_kernel(FusedStep c, uint32_t steps) {
  FusedShared& sh = block_shared<FusedShared>();
  if (threadIdx.x == 0) sh.spike_count = 0;
  __syncthreads();
  const uint64_t first_step = *c.buffers.base_step;
  unsigned int barriers = barriers_passed(c.barrier);
  BlockCursor cursor;
  for (uint32_t s = 0; s < steps; ++s) {
    for (uint32_t block = blockIdx.x; block < c.neuron_blocks; block += gridDim.x)
      fused_block_step(c, sh, block, first_step + s, s, cursor);
    if (c.probe_count > 0) {
      grid_barrier(c.barrier, ++barriers);  // every neuron of this step updated
      copy_probes(c.probes, c.probe_count, c.probe_output, c.probe_width, s, blockIdx.x * blockDim.x + threadIdx.x,
                  gridDim.x * blockDim.x);
    }
    grid_barrier(c.barrier, ++barriers);  // every spike of this step delivered before the next step reads its ring slot
  }
  if (blockIdx.x == 0 && threadIdx.x == 0) *c.buffers.base_step = first_step + steps;
}

}  // namespace snn::cuda

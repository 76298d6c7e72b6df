#pragma once
// The CPU engine's neuron update, a block of neurons at a time and stage by stage: the inputs, each
// synaptic port's arrivals and decay, then the model's step over the block in one loop that the
// compiler vectorizes (`#pragma omp simd`; the model's own scalar step, its branches turned into
// masked lanes). The block is compiled three times, for the baseline x86-64, for AVX2 and for
// AVX-512, and the engine calls the widest the processor has (core/simd_level.hpp).
//
// Per neuron the operations and their order are those of step_neuron (core/neuron_update.hpp), which
// the GPU runs: IEEE operations are exact lane by lane and the build forbids contraction into fused
// multiply-adds, so every level gives the scalar bits. The engine's file is compiled with
// -fno-trapping-math, which lets the compiler evaluate both sides of a model's branch and keep one
// (without it, a division or exponential on the side not taken might raise a floating-point trap
// that nothing here enables), and -fno-math-errno, so that a square root needs no call to set errno
// for a negative argument; neither changes a value. (The first also lets GCC take a float's
// conversion to int and back as a truncation, the same for the magnitudes below 2^31 that
// det_round sees.)
#include <cstdint>
#include <type_traits>

#include "core/input_update.hpp"
#include "core/neuron_update.hpp"
#include "core/simd_level.hpp"

namespace snn {

// Whether a model's neurons are updated in blocks: models of one compartment (those of two gather
// their drives per compartment, neuron by neuron, as do spike sources).
template <typename Model>
constexpr bool steps_in_blocks() {
  if constexpr (std::is_same_v<Model, AnyModel>) return false;
  else return sizeof(Model::kCompartments) == sizeof(const char*);
}

// Neurons a block holds: its drives (six floats a neuron) stay in the first-level cache.
constexpr uint32_t kNeuronBlock = 256;

// What the ports deliver to each neuron of a block, one array per field of SynapticDrive.
struct BlockDrives {
  float current[kNeuronBlock], external_current[kNeuronBlock], filtered_voltage[kNeuronBlock],
      voltage_jump[kNeuronBlock], conductance[kNeuronBlock], conductance_reversal[kNeuronBlock];
};

// PoissonInput's events for neurons first..last, as poisson_count draws them, with the block's neurons
// as lanes: the inversion's steps k = 1, 2, ... are taken for every lane at once, a lane counting while
// its own loop would still run (its condition, once false, stays false: the cumulative sum only grows,
// p once zero stays zero), until no lane runs. Per lane the operations are poisson_count's; the
// neuron-by-neuron loop's exit, unpredictable for a few events a step, cost more than the steps
// themselves. Means above 40 (the normal approximation) and below zero are drawn neuron by neuron.
inline __attribute__((always_inline)) void add_block_poisson_events(const InputView& in, uint32_t first, uint32_t last,
                                                                    uint64_t step, int64_t* cells) {
  float u[kNeuronBlock], p[kNeuronBlock], cumulative[kNeuronBlock], lambda[kNeuronBlock];
  uint32_t events[kNeuronBlock];
  uint8_t running[kNeuronBlock];
  for (uint32_t i = first; i < last; ++i) {
    const uint32_t j = i - first;
    lambda[j] = in.mean_events[i];
    u[j] = uniform_from_bits(in.stream.block(i, step).v[0]);
    p[j] = cumulative[j] = in.exp_minus_mean[i];
    events[j] = 0;
    running[j] = lambda[j] > 0.0f && lambda[j] <= kPoissonNormalAbove ? 1 : 0;
  }
  const uint32_t count = last - first;
  for (uint32_t k = 1; k <= kPoissonMostEvents; ++k) {
    const float reciprocal = 1.0f / static_cast<float>(k);
    uint8_t any = 0;
    for (uint32_t j = 0; j < count; ++j) {
      const uint8_t go = running[j] & (u[j] >= cumulative[j]) & (p[j] > 0.0f);
      const float next = p[j] * lambda[j] * reciprocal;
      p[j] = go ? next : p[j];
      cumulative[j] = go ? cumulative[j] + next : cumulative[j];
      events[j] = go ? k : events[j];
      running[j] = go;
      any |= go;
    }
    if (!any) break;
  }
  for (uint32_t i = first; i < last; ++i) {
    const uint32_t j = i - first;
    const uint32_t n = lambda[j] > kPoissonNormalAbove ? poisson_count(in.stream, i, step, lambda[j], in.exp_minus_mean[i]) : events[j];
    cells[i] += static_cast<int64_t>(n) * to_fixed_point(in.weight[i]);
  }
}

// The external currents of the block's neurons (into `external`) and their Poisson events (into this
// step's ring cells), input by input in the experiment's order, as step_neuron sums them; each
// input's kind is chosen once for the block, so that its loop holds that kind's code alone.
inline __attribute__((always_inline)) void add_block_inputs(const PopulationView& p, const InputView* inputs,
                                                            uint32_t input_count, uint32_t first, uint32_t count,
                                                            uint32_t slot, uint64_t step, float* external) {
  for (uint32_t j = 0; j < count; ++j) external[j] = 0.0f;
  for (uint32_t k = 0; k < input_count; ++k) {
    const InputView& in = inputs[k];
    if (!input_active(in, step)) continue;
    const uint32_t last = first + count;
    if (in.events) {
      int64_t* cells = p.ports[in.port].ring + static_cast<uint64_t>(slot) * p.size;
      visit_input_kind<bool>(in.kind, [&](auto kind) {
        using Kind = typename decltype(kind)::Kind;
        if constexpr (std::is_same_v<Kind, PoissonInput>) add_block_poisson_events(in, first, last, step, cells);
        else for (uint32_t i = first; i < last; ++i) cells[i] += Kind::events(in, i, step);
        return true;
      });
    } else {
      visit_input_kind<bool>(in.kind, [&](auto kind) {
        for (uint32_t i = first; i < last; ++i) external[i - first] += decltype(kind)::Kind::current(in, i, step);
        return true;
      });
    }
  }
}

// gather_point_drive for a block, port by port: each port's kind is fixed, so its loop holds no
// branch. `d.current` comes in holding the external currents.
inline __attribute__((always_inline)) void gather_block_drives(const PopulationView& p, uint32_t first, uint32_t count,
                                                               uint32_t slot, BlockDrives& d) {
  for (uint32_t j = 0; j < count; ++j) {
    d.external_current[j] = d.current[j];
    d.filtered_voltage[j] = d.voltage_jump[j] = d.conductance[j] = d.conductance_reversal[j] = 0.0f;
  }
  for (int32_t k = 0; k < p.port_count; ++k) {
    const PortView port = p.ports[k];
    int64_t* ring = port.ring + static_cast<uint64_t>(slot) * p.size + first;
    float* value = port.value != nullptr ? port.value + first : nullptr;  // delta ports keep no value
    switch (port.kind) {
      case SynapseKind::kDelta:
        for (uint32_t j = 0; j < count; ++j) {
          d.voltage_jump[j] += from_fixed_point(ring[j]);
          ring[j] = 0;
        }
        break;
      case SynapseKind::kExponentialCurrent: {
        const float* propagator = port.lif_propagator != nullptr ? port.lif_propagator + first : nullptr;
        for (uint32_t j = 0; j < count; ++j) {
          const float arrived = from_fixed_point(ring[j]), now = value[j];
          ring[j] = 0;
          d.current[j] += now;
          if (propagator != nullptr) d.filtered_voltage[j] += propagator[j] * now;
          value[j] = now * port.decay + arrived;
        }
        break;
      }
      case SynapseKind::kExponentialConductance:
        for (uint32_t j = 0; j < count; ++j) {
          const float arrived = from_fixed_point(ring[j]), now = value[j];
          ring[j] = 0;
          d.conductance[j] += now;
          d.conductance_reversal[j] += now * port.reversal;
          value[j] = now * port.decay + arrived;
        }
        break;
    }
  }
}

// One lane of the model's step over a block: neuron i, the block's neuron j.
template <typename Model>
inline __attribute__((always_inline)) bool step_lane(const NeuronArrays& n, uint32_t i, uint32_t j,
                                                     const BlockDrives& d, const ModelStep& s) {
  SynapticDrive drive;
  drive.current = d.current[j];
  drive.external_current = d.external_current[j];
  drive.filtered_voltage = d.filtered_voltage[j];
  drive.voltage_jump = d.voltage_jump[j];
  drive.conductance = d.conductance[j];
  drive.conductance_reversal = d.conductance_reversal[j];
  return Model::step(n, i, drive, s);
}

using BlockUpdate = void (*)(const PopulationView&, const InputView*, uint32_t, uint32_t, uint32_t, uint32_t, uint64_t,
                             float, uint8_t*);

// The update of one block (count <= kNeuronBlock neurons from `first`; whether each fired, in `fired`),
// defined once and compiled for one instruction set (TARGET) under the name update_block_LEVEL:
//  - the model's loop over the block is a function of its own, kept out of line: GCC vectorizes an
//    `omp simd` loop in the function that holds it, not one inlined into another;
//  - the loop counts neurons, not the block's places: an index first + j might wrap for all the
//    compiler knows, and the neurons' arrays would then be scattered to, not stored in a row;
//  - the conductance switch is a template constant, so that each copy of the loop holds one path;
//  - `n` is a copy, so that the compiler sees that no store to a neuron's values moves the arrays;
//  - `flatten` inlines everything else they call, so that no function compiled for a wider
//    instruction set is left for the linker to share with the baseline.
#define SNN_NEURON_BLOCK_UPDATE(LEVEL, TARGET)                                                                     \
  template <typename Model, bool kConductanceBased>                                                                \
  TARGET __attribute__((noinline, flatten)) void step_block_model_##LEVEL(                                         \
      const NeuronArrays n, uint32_t first, uint32_t count, const BlockDrives& d, float dt, int32_t substeps,       \
      bool forward_euler, uint8_t* fired) {                                                                                            \
    const ModelStep s{dt, substeps, kConductanceBased, forward_euler};                                             \
    const uint32_t last = first + count;                                                                           \
    _Pragma("omp simd") for (uint32_t i = first; i < last; ++i) fired[i - first] = step_lane<Model>(n, i, i - first, d, s) ? 1 : 0; \
  }                                                                                                                \
  template <typename Model>                                                                                        \
  TARGET __attribute__((flatten)) void update_block_##LEVEL(const PopulationView& population, const InputView* inputs, \
                                                            uint32_t input_count, uint32_t first, uint32_t count,  \
                                                            uint32_t slot, uint64_t step, float dt, uint8_t* fired) { \
    const PopulationView p = population;                                                                           \
    BlockDrives d;                                                                                                 \
    add_block_inputs(p, inputs, input_count, first, count, slot, step, d.current);                                 \
    gather_block_drives(p, first, count, slot, d);                                                                 \
    if (p.conductance_based) step_block_model_##LEVEL<Model, true>(p.neuron, first, count, d, dt, p.substeps, p.forward_euler, fired); \
    else step_block_model_##LEVEL<Model, false>(p.neuron, first, count, d, dt, p.substeps, p.forward_euler, fired);                 \
  }

SNN_NEURON_BLOCK_UPDATE(baseline, )
#if defined(__x86_64__)
SNN_NEURON_BLOCK_UPDATE(avx2, __attribute__((target("avx2"))))
SNN_NEURON_BLOCK_UPDATE(avx512, __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl"))))
#endif
#undef SNN_NEURON_BLOCK_UPDATE

// The compilation for a resolved level (core/simd_level.hpp).
template <typename Model>
BlockUpdate block_update_for(SimdLevel level) {
#if defined(__x86_64__)
  if (level == SimdLevel::kAvx512) return &update_block_avx512<Model>;
  if (level == SimdLevel::kAvx2) return &update_block_avx2<Model>;
#else
  (void)level;
#endif
  return &update_block_baseline<Model>;
}

}  // namespace snn

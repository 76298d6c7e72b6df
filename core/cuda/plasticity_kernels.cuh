#pragma once
// Learning on the GPU, in the two-kernel step (step_kernels.cuh) plus one kernel: the same rule
// functions as the CPU engine (plasticity/), the same phases and so the same weights.
//   delivery kernel: as a pre spike's synapses are delivered, STDP depression or the eligibility's pre
//     term (learn_from_pre_spike); its first thread steps the modulators.
//   plasticity kernel: a warp per 32 neurons of each plastic projection advances both traces, and under
//     STDP its warps potentiate the incoming synapses of the targets that fired, lane by lane; under a
//     three-factor rule a warp per source row applies the eligibility's post term, the modulated weight
//     change and the eligibility's decay.
// Traces are kept twice, by step parity: the plasticity kernel of step t reads those of step t - 1 and
// writes those of step t, so that no thread reads a trace another thread is advancing. A trace of step
// t is recomputed where needed from step t - 1's and the neuron's last spike step, which gives the bits
// the advancing warp stores.
#include <cstdint>

#include "core/cuda/dependent_launch.cuh"
#include "plasticity/modulator.hpp"
#include "plasticity/plasticity_rule.hpp"
#include "plasticity/readout_error.hpp"

namespace snn::cuda {

constexpr uint32_t kWarp = 32;
constexpr unsigned kAllLanes = 0xffffffffu;
constexpr uint32_t kPlasticityBlock = 256;
constexpr uint32_t kPotentiatedInFlight = 4;

struct DevicePlasticity {
  PlasticityRule rule;
  float* weights;
  float* eligibility;  // three-factor rules
  const uint64_t* row_offsets;
  const uint32_t* targets;
  uint32_t source_count, target_count;
  const uint64_t* source_spike_steps;  // last spike step of each neuron
  const uint64_t* target_spike_steps;
  float* pre_trace[2];   // [step & 1]: after that step
  float* post_trace[2];
  // STDP: the synapses by target (plasticity/incoming_synapses.hpp).
  const uint64_t* incoming_offsets;
  const uint64_t* incoming_synapses;
  const uint32_t* incoming_sources;
  const ModulatorView* modulator;  // three-factor rules: a global modulator,
  const float* target_modulator;   // or a value per target neuron (plasticity/readout_error.hpp)
  uint32_t first_trace_warp, trace_warps;  // this projection's warps in the plasticity kernel
  uint32_t first_row_warp, row_warps;
};

// A trace after `step`, from its value after the step before.
__device__ inline float trace_after(const StdpRule& r, float previous, float decay, uint64_t last_spike, uint64_t step) {
  const float decayed = decay_trace(previous, decay);
  return last_spike == step ? raise_trace(r, decayed) : decayed;
}

// In the delivery kernel, for synapse `s` of a spike of `step` (its weight already delivered).
__device__ inline void learn_from_pre_spike(const DevicePlasticity& p, uint64_t s, uint64_t step) {
  const PlasticityRule& rule = p.rule;
  const float post = decay_trace(p.post_trace[(step & 1u) ^ 1u][p.targets[s]], rule.stdp.post_decay);
  if (rule.three_factor) p.eligibility[s] = eligibility_after_pre(rule.stdp, rule.modulation, p.eligibility[s], post);
  else p.weights[s] = depress(rule.stdp, p.weights[s], post);
}

// Warp `warp` (of p's trace warps): 32 neurons' traces; under STDP, the potentiation of the synapses
// onto those of them that fired.
__device__ inline void advance_and_potentiate(const DevicePlasticity& p, uint32_t warp, uint32_t lane, uint64_t step) {
  const StdpRule& r = p.rule.stdp;
  const uint32_t now = step & 1u, before = now ^ 1u;
  const uint32_t i = warp * kWarp + lane;
  if (i < p.source_count)
    p.pre_trace[now][i] = trace_after(r, p.pre_trace[before][i], r.pre_decay, p.source_spike_steps[i], step);
  const bool target = i < p.target_count;
  const bool fired = target && p.target_spike_steps[i] == step;
  if (target) p.post_trace[now][i] = trace_after(r, p.post_trace[before][i], r.post_decay, p.target_spike_steps[i], step);
  if (p.rule.three_factor) return;
  for (uint32_t mask = __ballot_sync(0xFFFFFFFFu, fired); mask != 0; mask &= mask - 1) {
    const uint32_t j = warp * kWarp + __ffs(mask) - 1;
    const uint64_t end = p.incoming_offsets[j + 1];
    // Each lane takes kPotentiatedInFlight synapses at a time and issues each round of loads for all of
    // them before the next, so that a list's chain of dependent loads is a few round trips a pass.
    for (uint64_t first = p.incoming_offsets[j] + lane; first < end; first += kWarp * kPotentiatedInFlight) {
      uint32_t sources[kPotentiatedInFlight];
      uint64_t synapses[kPotentiatedInFlight];
      float pre[kPotentiatedInFlight], w[kPotentiatedInFlight];
      SNN_UNROLL
      for (uint32_t u = 0; u < kPotentiatedInFlight; ++u) {
        const uint64_t e = first + u * kWarp;
        sources[u] = e < end ? p.incoming_sources[e] : 0;
        synapses[u] = e < end ? p.incoming_synapses[e] : 0;
      }
      SNN_UNROLL
      for (uint32_t u = 0; u < kPotentiatedInFlight; ++u) {
        pre[u] = trace_after(r, p.pre_trace[before][sources[u]], r.pre_decay, p.source_spike_steps[sources[u]], step);
        w[u] = p.weights[synapses[u]];
      }
      SNN_UNROLL
      for (uint32_t u = 0; u < kPotentiatedInFlight; ++u)
        if (first + u * kWarp < end) p.weights[synapses[u]] = potentiate(r, w[u], pre[u]);
    }
  }
}

// Warp `source` of a three-factor rule's row warps: that source's row under the third factor.
__device__ inline void modulate_row(const DevicePlasticity& p, uint32_t source, uint32_t lane, uint64_t step) {
  const StdpRule& r = p.rule.stdp;
  const ThreeFactorRule& t = p.rule.modulation;
  const float pre = trace_after(r, p.pre_trace[(step & 1u) ^ 1u][source], r.pre_decay, p.source_spike_steps[source], step);
  const ThirdFactor m{p.modulator != nullptr ? modulator_value(*p.modulator) : 0.0f, p.target_modulator};
  for (uint64_t k = p.row_offsets[source] + lane; k < p.row_offsets[source + 1]; k += kWarp) {
    const uint32_t target = p.targets[k];
    float e = p.eligibility[k];
    if (p.target_spike_steps[target] == step) e = eligibility_after_post(r, t, e, pre);
    p.weights[k] = modulated_weight(r, t, p.weights[k], e, m.at(target));
    p.eligibility[k] = decayed_eligibility(p.rule.modulation, e);
  }
}

// One warp's share of the step's learning, by its place in the kernel's list of warps.
__global__ void plasticity_kernel(const DevicePlasticity* plastic, uint32_t count, const uint64_t* base_step,
                                  uint32_t step_offset) {
  wait_for_previous_kernel();
  allow_next_kernel();
  const uint64_t step = *base_step + step_offset;
  const uint32_t warp = (blockIdx.x * blockDim.x + threadIdx.x) / kWarp, lane = threadIdx.x % kWarp;
  for (uint32_t q = 0; q < count; ++q) {
    const DevicePlasticity& p = plastic[q];
    if (warp >= p.first_trace_warp && warp < p.first_trace_warp + p.trace_warps)
      advance_and_potentiate(p, warp - p.first_trace_warp, lane, step);
    else if (warp >= p.first_row_warp && warp < p.first_row_warp + p.row_warps)
      modulate_row(p, warp - p.first_row_warp, lane, step);
  }
}

}  // namespace snn::cuda

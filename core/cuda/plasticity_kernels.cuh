#pragma once
// Learning on the GPU, in the delivery of a step plus one kernel after it (learning_step.cu): the same
// rule functions as the CPU engine (plasticity/), the same phases and so the same weights.
//   delivery: as a pre spike's synapses are delivered, the rule's on_pre (learn_from_pre_spikes); the
//     two-kernel step's first delivery thread steps the modulators.
//   plasticity kernel: a warp per 32 neurons of each plastic projection advances both sides' traces,
//     and for a rule acting on post spikes its warps run on_post along the incoming synapses of the
//     targets that fired, lane by lane; for a modulated rule a warp per source row runs on_post where
//     the target fired, then on_step.
// Traces are kept twice, by step parity: the plasticity kernel of step t reads those of step t - 1 and
// writes those of step t, so that no thread reads a trace another thread is advancing. A trace of step
// t is recomputed where needed from step t - 1's and the neuron's last spike step, which gives the bits
// the advancing warp stores. Each rule's code is its own branch, chosen once per projection.
#include <cstdint>
#include <type_traits>

#include "plasticity/modulator.hpp"
#include "plasticity/plasticity_rules.hpp"
#include "plasticity/readout_error.hpp"

namespace snn::cuda {

constexpr uint32_t kWarp = 32;
constexpr unsigned kAllLanes = 0xffffffffu;
constexpr uint32_t kPlasticityBlock = 256;
constexpr uint32_t kPotentiatedInFlight = 4;

// Where the neurons of one side keep the step of their last spike and, in the overlapped step, of the
// one before, so that whether a neuron fired in a step can be read once it has stepped on: that scheme
// (overlapped_step_kernel.cuh) updates step t + 1 before step t learns.
struct SpikeSteps {
  const uint64_t* last;
  const uint64_t* before_last;

  // Whether neuron i fired in `step`. kUpdatedAhead: the neurons may have stepped to step + 1, and
  // where the last spike is of that step, the one before it tells.
  template <bool kUpdatedAhead>
  __device__ bool fired_in(uint32_t i, uint64_t step) const {
    const uint64_t latest = last[i];
    if constexpr (kUpdatedAhead) return latest == step || (latest == step + 1 && before_last[i] == step);
    return latest == step;
  }
};

struct DevicePlasticity {
  PlasticityRule rule;
  float* weights;
  float* eligibility;  // modulated rules
  const uint64_t* row_offsets;
  const uint32_t* targets;
  uint32_t source_count, target_count;
  SpikeSteps source_spikes, target_spikes;
  float* pre_trace[2];   // [step & 1]: after that step; trace k of neuron i at k * count + i
  float* post_trace[2];
  // Rules acting on post spikes: the synapses by target (plasticity/incoming_synapses.hpp).
  const uint64_t* incoming_offsets;
  const uint64_t* incoming_synapses;
  const uint32_t* incoming_sources;
  const ModulatorView* modulator;  // modulated rules: a global modulator,
  const float* target_modulator;   // or a value per target neuron (plasticity/readout_error.hpp)
  uint32_t first_trace_warp, trace_warps;  // this projection's warps in the plasticity kernel
  uint32_t first_row_warp, row_warps;
};

// A trace after a step, from its value after the step before and whether the neuron fired.
__device__ inline float trace_after(const TraceDecays& d, int k, float previous, bool fired) {
  const float decayed = decay_trace(previous, d.decay[k]);
  return fired ? raise_trace(d.pairing, decayed) : decayed;
}

// Neuron i's N traces at `step` before its spike of that step, from `previous` (after the step before).
template <int N>
__device__ inline Traces<N> traces_before(const TraceDecays& d, const float* previous, uint32_t i, uint32_t n) {
  Traces<N> t;
  SNN_UNROLL
  for (int k = 0; k < N; ++k) t.value[k] = decay_trace(previous[uint64_t(k) * n + i], d.decay[k]);
  return t;
}

// Neuron i's N traces after a step, its spike of that step (if it `fired`) included.
template <int N>
__device__ inline Traces<N> traces_after(const TraceDecays& d, const float* previous, uint32_t i, uint32_t n, bool fired) {
  Traces<N> t;
  SNN_UNROLL
  for (int k = 0; k < N; ++k) t.value[k] = trace_after(d, k, previous[uint64_t(k) * n + i], fired);
  return t;
}

// The source whose row holds synapse s: the last row that starts at or before it (a bounded search, so
// that a rule that does not read the pre traces on a pre spike compiles it away).
__device__ inline uint32_t row_of(const DevicePlasticity& p, uint64_t s) {
  uint32_t low = 0, count = p.source_count;
  for (int i = 0; i < 32 && count > 0; ++i) {
    const uint32_t half = count / 2;
    if (p.row_offsets[low + half + 1] <= s) low += half + 1, count -= half + 1;
    else count = half;
  }
  return low;
}

// In the delivery kernel, for the synapses first + threadIdx.x + k * stride (k = 0.. while below
// first + count) of one spike of `step`, their weights already delivered.
__device__ inline void learn_from_pre_spikes(const DevicePlasticity& p, uint64_t first, uint32_t count, uint32_t stride,
                                             uint64_t step) {
  const uint32_t before = (step & 1u) ^ 1u;
  visit_plasticity_rule(p.rule, [&](const auto& rule) {
    using Rule = std::decay_t<decltype(rule)>;
    const auto pre = traces_before<Rule::kPreTraces>(rule.pre_traces(), p.pre_trace[before], row_of(p, first), p.source_count);
    for (uint32_t k = threadIdx.x; k < count; k += stride) {
      const uint64_t s = first + k;
      const auto post = traces_before<Rule::kPostTraces>(rule.post_traces(), p.post_trace[before], p.targets[s], p.target_count);
      SynapseState state{p.weights[s], Rule::kModulated ? p.eligibility[s] : 0.0f};
      rule.on_pre(state, pre, post);
      p.weights[s] = state.weight;
      if constexpr (Rule::kModulated) p.eligibility[s] = state.eligibility;
    }
  });
}

// Warp `warp` (of p's trace warps): 32 neurons' traces, each side's; for a rule acting on post spikes,
// on_post for the synapses onto those of them that fired. kUpdatedAhead: as in SpikeSteps.
template <bool kUpdatedAhead>
__device__ inline void advance_and_potentiate(const DevicePlasticity& p, uint32_t warp, uint32_t lane, uint64_t step) {
  const uint32_t now = step & 1u, before = now ^ 1u;
  const uint32_t i = warp * kWarp + lane;
  visit_plasticity_rule(p.rule, [&](const auto& rule) {
    using Rule = std::decay_t<decltype(rule)>;
    const TraceDecays pre_decays = rule.pre_traces(), post_decays = rule.post_traces();
    if (i < p.source_count) {
      const bool source_fired = p.source_spikes.template fired_in<kUpdatedAhead>(i, step);
      SNN_UNROLL
      for (int k = 0; k < Rule::kPreTraces; ++k) {
        const uint64_t at = uint64_t(k) * p.source_count + i;
        p.pre_trace[now][at] = trace_after(pre_decays, k, p.pre_trace[before][at], source_fired);
      }
    }
    const bool target = i < p.target_count;
    const bool fired = target && p.target_spikes.template fired_in<kUpdatedAhead>(i, step);
    if (target) {
      SNN_UNROLL
      for (int k = 0; k < Rule::kPostTraces; ++k) {
        const uint64_t at = uint64_t(k) * p.target_count + i;
        p.post_trace[now][at] = trace_after(post_decays, k, p.post_trace[before][at], fired);
      }
    }
    if constexpr (!Rule::kModulated) {
      for (uint32_t mask = __ballot_sync(kAllLanes, fired); mask != 0; mask &= mask - 1) {
        const uint32_t j = warp * kWarp + __ffs(mask) - 1;
        const auto post = traces_before<Rule::kPostTraces>(post_decays, p.post_trace[before], j, p.target_count);
        const uint64_t end = p.incoming_offsets[j + 1];
        // Each lane takes kPotentiatedInFlight synapses at a time and issues each round of loads for
        // all of them before the next, so that a list's chain of dependent loads is a few round trips a pass.
        for (uint64_t first = p.incoming_offsets[j] + lane; first < end; first += kWarp * kPotentiatedInFlight) {
          uint32_t sources[kPotentiatedInFlight];
          uint64_t synapses[kPotentiatedInFlight];
          Traces<Rule::kPreTraces> pre[kPotentiatedInFlight];
          float w[kPotentiatedInFlight];
          SNN_UNROLL
          for (uint32_t u = 0; u < kPotentiatedInFlight; ++u) {
            const uint64_t e = first + u * kWarp;
            sources[u] = e < end ? p.incoming_sources[e] : 0;
            synapses[u] = e < end ? p.incoming_synapses[e] : 0;
          }
          SNN_UNROLL
          for (uint32_t u = 0; u < kPotentiatedInFlight; ++u) {
            pre[u] = traces_after<Rule::kPreTraces>(pre_decays, p.pre_trace[before], sources[u], p.source_count,
                                                    p.source_spikes.template fired_in<kUpdatedAhead>(sources[u], step));
            w[u] = p.weights[synapses[u]];
          }
          SNN_UNROLL
          for (uint32_t u = 0; u < kPotentiatedInFlight; ++u)
            if (first + u * kWarp < end) {
              SynapseState state{w[u], 0.0f};
              rule.on_post(state, pre[u], post);
              p.weights[synapses[u]] = state.weight;
            }
        }
      }
    }
  });
}

// Warp `source` of a modulated rule's row warps: that source's row under the third factor (in the
// two-kernel step only).
__device__ inline void modulate_row(const DevicePlasticity& p, uint32_t source, uint32_t lane, uint64_t step) {
  const uint32_t before = (step & 1u) ^ 1u;
  const ThirdFactor m{p.modulator != nullptr ? modulator_value(*p.modulator) : 0.0f, p.target_modulator};
  visit_plasticity_rule(p.rule, [&](const auto& rule) {
    using Rule = std::decay_t<decltype(rule)>;
    const auto pre = traces_after<Rule::kPreTraces>(rule.pre_traces(), p.pre_trace[before], source, p.source_count,
                                                    p.source_spikes.template fired_in<false>(source, step));
    for (uint64_t k = p.row_offsets[source] + lane; k < p.row_offsets[source + 1]; k += kWarp) {
      const uint32_t target = p.targets[k];
      SynapseState state{p.weights[k], p.eligibility[k]};
      if (p.target_spikes.template fired_in<false>(target, step))
        rule.on_post(state, pre, traces_before<Rule::kPostTraces>(rule.post_traces(), p.post_trace[before], target, p.target_count));
      rule.on_step(state, m.at(target));
      p.weights[k] = state.weight;
      p.eligibility[k] = state.eligibility;
    }
  });
}

}  // namespace snn::cuda

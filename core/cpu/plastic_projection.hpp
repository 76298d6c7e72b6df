#pragma once
// The CPU engine's learning state of one plastic projection: a trace per source and per target neuron
// (plasticity/stdp.hpp), and the projection seen from its targets (STDP) or an eligibility trace per
// synapse (three-factor rules). A step runs three phases, each split
// between the threads so that every weight, eligibility and trace is written by one thread only (any
// thread count gives the same weights):
//   1. as each pre spike is delivered: STDP depression, or the pre term of the eligibility;
//   2. both traces advance;
//   3. STDP: potentiation along the incoming synapses of the targets that fired;
//      three-factor: every synapse, row by row: the post term of the eligibility, then the modulated
//      weight change and the eligibility's decay (plasticity/three_factor.hpp).
#include <cstdint>
#include <vector>

#include "core/synapse_table.hpp"
#include "plasticity/incoming_synapses.hpp"
#include "plasticity/plasticity_rule.hpp"

namespace snn {

class PlasticProjection {
 public:
  PlasticProjection(size_t projection, const PlasticityRule& rule, const SynapseTable& table, uint32_t source_count,
                    uint32_t target_count)
      : projection_(projection),
        rule_(rule),
        pre_trace_(source_count, 0.0f),
        post_trace_(target_count, 0.0f),
        incoming_(rule.three_factor ? IncomingSynapses{} : index_incoming_synapses(table, target_count)),
        eligibility_(rule.three_factor ? table.size() : 0, 0.0f) {}

  size_t projection() const { return projection_; }
  bool three_factor() const { return rule_.three_factor; }
  const ThreeFactorRule& modulation() const { return rule_.modulation; }

  // Phase 1, for synapse `k` (onto `target`), whose pre spike has just been delivered with the weight
  // before it: the target's trace is still that of the step before, decayed to this one.
  // Threads call it at once, each for the synapses onto its own targets.
  void on_pre_spike(uint64_t k, uint32_t target, std::vector<float>& weights) {
    const float post = decay_trace(post_trace_[target], rule_.stdp.post_decay);
    if (rule_.three_factor) eligibility_[k] = eligibility_after_pre(rule_.stdp, rule_.modulation, eligibility_[k], post);
    else weights[k] = depress(rule_.stdp, weights[k], post);
  }

  // Phase 2 for the sources [source_first, source_last) and targets [target_first, target_last) of the
  // calling thread; `fired_*` list this step's spikes of each side.
  void advance_traces(uint32_t source_first, uint32_t source_last, const std::vector<uint32_t>& fired_sources,
                      uint32_t target_first, uint32_t target_last, const std::vector<uint32_t>& fired_targets) {
    advance(pre_trace_, rule_.stdp.pre_decay, source_first, source_last, fired_sources);
    advance(post_trace_, rule_.stdp.post_decay, target_first, target_last, fired_targets);
  }

  // Phase 3 of STDP, for `target`, which fired this step.
  void potentiate_incoming(uint32_t target, std::vector<float>& weights) const {
    for (uint64_t e = incoming_.offsets[target]; e < incoming_.offsets[target + 1]; ++e) {
      float& w = weights[incoming_.synapses[e]];
      w = potentiate(rule_.stdp, w, pre_trace_[incoming_.sources[e]]);
    }
  }

  // Phase 3 of a three-factor rule, for the rows of sources [first, last), under third factor `m`;
  // `target_spike_steps` says which targets fired in `step`.
  void modulate_rows(uint32_t first, uint32_t last, const SynapseTable& table, std::vector<float>& weights,
                     const uint64_t* target_spike_steps, uint64_t step, ThirdFactor m) {
    const ThreeFactorRule& t = rule_.modulation;
    for (uint32_t source = first; source < last; ++source)
      for (uint64_t k = table.row_offsets[source]; k < table.row_offsets[source + 1]; ++k) {
        const uint32_t target = table.targets[k];
        float e = eligibility_[k];
        if (target_spike_steps[target] == step) e = eligibility_after_post(rule_.stdp, t, e, pre_trace_[source]);
        weights[k] = modulated_weight(rule_.stdp, t, weights[k], e, m.at(target));
        eligibility_[k] = decayed_eligibility(rule_.modulation, e);
      }
  }

 private:
  void advance(std::vector<float>& trace, float decay, uint32_t first, uint32_t last, const std::vector<uint32_t>& fired) {
    for (uint32_t i = first; i < last; ++i) trace[i] = decay_trace(trace[i], decay);
    for (const uint32_t i : fired)
      if (i >= first && i < last) trace[i] = raise_trace(rule_.stdp, trace[i]);
  }

  size_t projection_;
  PlasticityRule rule_;
  std::vector<float> pre_trace_, post_trace_;
  IncomingSynapses incoming_;
  std::vector<float> eligibility_;
};

}  // namespace snn

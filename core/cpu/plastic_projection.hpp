#pragma once
// The CPU engine's learning state of one plastic projection: each side's traces (as many per neuron
// as its rule keeps), and the projection seen from its targets (rules acting on post spikes) or an
// eligibility per synapse (modulated rules). A step runs three phases, each split between the threads
// so that every weight, eligibility and trace is written by one thread only (any thread count gives
// the same weights):
//   1. as each pre spike is delivered: the rule's on_pre for its synapses;
//   2. both sides' traces advance;
//   3. the rule's on_post along the incoming synapses of the targets that fired; for a modulated
//      rule instead every synapse, row by row: on_post where its target fired, then on_step.
// Traces are kept twice, by step parity, as on the GPU: phase 3 reads the post traces of the step
// before (decayed to this one: before this step's spikes) while phase 2 writes this step's.
#include <cstdint>
#include <type_traits>
#include <vector>

#include "core/foundation/synapse_table.hpp"
#include "core/network.hpp"
#include "plasticity/incoming_synapses.hpp"
#include "plasticity/plasticity_rules.hpp"

namespace snn {

class PlasticProjection {
 public:
  // `state`: the projection's traces and eligibilities in the network (sized for its rule), which
  // this object steps in place, so that the network's state is the engine's.
  PlasticProjection(size_t projection, const PlasticityRule& rule, const SynapseTable& table, uint32_t source_count,
                    uint32_t target_count, PlasticState& state)
      : projection_(projection),
        rule_(rule),
        modulated_(plasticity_rule_info(rule.id).modulated),
        source_count_(source_count),
        target_count_(target_count),
        incoming_(modulated_ ? IncomingSynapses{} : index_incoming_synapses(table, target_count)),
        pre_trace_(state.pre_trace),
        post_trace_(state.post_trace),
        eligibility_(state.eligibility) {}

  size_t projection() const { return projection_; }
  bool modulated() const { return modulated_; }
  ThirdFactorSource third_factor() const { return rule_.third_factor; }
  // The same rule with other settings, between runs.
  void set_rule(const PlasticityRule& rule) { rule_ = rule; }

  // Phase 1, for the synapses [begin, end) of `source`'s row, whose pre spike of `step` has just been
  // delivered with the weights before it. Threads call it at once, each for the synapses onto its own
  // targets.
  void on_pre_spike(uint64_t step, uint32_t source, uint64_t begin, uint64_t end, const uint32_t* targets,
                    std::vector<float>& weights) {
    const uint32_t before = (step & 1u) ^ 1u;
    visit_plasticity_rule(rule_, [&](const auto& rule) {
      using Rule = std::decay_t<decltype(rule)>;
      const auto pre = traces_before<Rule::kPreTraces>(rule.pre_traces(), pre_trace_[before], source, source_count_);
      for (uint64_t k = begin; k < end; ++k) {
        const auto post = traces_before<Rule::kPostTraces>(rule.post_traces(), post_trace_[before], targets[k], target_count_);
        SynapseState s{weights[k], Rule::kModulated ? eligibility_[k] : 0.0f};
        rule.on_pre(s, pre, post);
        weights[k] = s.weight;
        if constexpr (Rule::kModulated) eligibility_[k] = s.eligibility;
      }
    });
  }

  // Phase 2 for the sources [source_first, source_last) and targets [target_first, target_last) of the
  // calling thread; `fired_*` list this step's spikes of each side.
  void advance_traces(uint64_t step, uint32_t source_first, uint32_t source_last, const std::vector<uint32_t>& fired_sources,
                      uint32_t target_first, uint32_t target_last, const std::vector<uint32_t>& fired_targets) {
    const uint32_t now = step & 1u;
    visit_plasticity_rule(rule_, [&](const auto& rule) {
      using Rule = std::decay_t<decltype(rule)>;
      advance<Rule::kPreTraces>(rule.pre_traces(), pre_trace_[now], pre_trace_[now ^ 1u], source_count_, source_first,
                                source_last, fired_sources);
      advance<Rule::kPostTraces>(rule.post_traces(), post_trace_[now], post_trace_[now ^ 1u], target_count_,
                                 target_first, target_last, fired_targets);
    });
  }

  // Phase 3 of a rule acting on post spikes, for the targets `fired[first..last)`, which fired in `step`.
  void on_post_spikes(uint64_t step, const uint32_t* fired, uint32_t first, uint32_t last, std::vector<float>& weights) const {
    const uint32_t now = step & 1u;
    visit_plasticity_rule(rule_, [&](const auto& rule) {
      using Rule = std::decay_t<decltype(rule)>;
      for (uint32_t f = first; f < last; ++f) {
        const uint32_t target = fired[f];
        const auto post = traces_before<Rule::kPostTraces>(rule.post_traces(), post_trace_[now ^ 1u], target, target_count_);
        for (uint64_t e = incoming_.offsets[target]; e < incoming_.offsets[target + 1]; ++e) {
          const auto pre = traces_now<Rule::kPreTraces>(pre_trace_[now], incoming_.sources[e], source_count_);
          SynapseState s{weights[incoming_.synapses[e]], 0.0f};
          rule.on_post(s, pre, post);
          weights[incoming_.synapses[e]] = s.weight;
        }
      }
    });
  }

  // Phase 3 of a modulated rule, for the rows of sources [first, last), under third factor `m`;
  // `target_spike_steps` says which targets fired in `step`.
  void modulate_rows(uint64_t step, uint32_t first, uint32_t last, const SynapseTable& table, std::vector<float>& weights,
                     const uint64_t* target_spike_steps, ThirdFactor m) {
    const uint32_t now = step & 1u;
    visit_plasticity_rule(rule_, [&](const auto& rule) {
      using Rule = std::decay_t<decltype(rule)>;
      for (uint32_t source = first; source < last; ++source) {
        const auto pre = traces_now<Rule::kPreTraces>(pre_trace_[now], source, source_count_);
        for (uint64_t k = table.row_offsets[source]; k < table.row_offsets[source + 1]; ++k) {
          const uint32_t target = table.targets[k];
          SynapseState s{weights[k], eligibility_[k]};
          if (target_spike_steps[target] == step)
            rule.on_post(s, pre, traces_before<Rule::kPostTraces>(rule.post_traces(), post_trace_[now ^ 1u], target, target_count_));
          rule.on_step(s, m.at(target));
          weights[k] = s.weight;
          eligibility_[k] = s.eligibility;
        }
      }
    });
  }

 private:
  // Neuron i's N traces of one side at this step, before this step's spikes: the step before's, decayed.
  template <int N>
  static Traces<N> traces_before(const TraceDecays& d, const std::vector<float>& previous, uint32_t i, uint32_t n) {
    Traces<N> t{};
    for (int k = 0; k < N; ++k) t.value[k] = decay_trace(previous[size_t(k) * n + i], d.decay[k]);
    return t;
  }
  // Neuron i's N traces of one side after this step's spikes.
  template <int N>
  static Traces<N> traces_now(const std::vector<float>& now, uint32_t i, uint32_t n) {
    Traces<N> t{};
    for (int k = 0; k < N; ++k) t.value[k] = now[size_t(k) * n + i];
    return t;
  }

  template <int kTraces>
  static void advance(const TraceDecays& d, std::vector<float>& now, const std::vector<float>& previous, uint32_t n,
                      uint32_t first, uint32_t last, const std::vector<uint32_t>& fired) {
    for (int k = 0; k < kTraces; ++k) {
      const size_t base = size_t(k) * n;
      for (uint32_t i = first; i < last; ++i) now[base + i] = decay_trace(previous[base + i], d.decay[k]);
      for (const uint32_t i : fired)
        if (i >= first && i < last) now[base + i] = raise_trace(d.pairing, now[base + i]);
    }
  }

  size_t projection_;
  PlasticityRule rule_;
  bool modulated_;
  uint32_t source_count_, target_count_;
  IncomingSynapses incoming_;
  std::vector<float>* pre_trace_;   // [step & 1]: after that step (PlasticState)
  std::vector<float>* post_trace_;
  std::vector<float>& eligibility_;
};

}  // namespace snn

#pragma once
// The CPU engine's learning state of one STDP projection (plasticity/stdp.hpp): a trace per source and
// per target neuron and the projection seen from its targets. A step runs three phases, each split
// between the threads so that every weight and trace is written by one thread only (any thread count
// gives the same weights): depression as each pre spike is delivered, then both traces advance, then
// potentiation along the incoming synapses of the targets that fired.
#include <cstdint>
#include <vector>

#include "core/synapse_table.hpp"
#include "plasticity/incoming_synapses.hpp"
#include "plasticity/stdp.hpp"

namespace snn {

class StdpProjection {
 public:
  StdpProjection(size_t projection, const StdpRule& rule, const SynapseTable& table, uint32_t source_count,
                 uint32_t target_count)
      : projection_(projection),
        rule_(rule),
        pre_trace_(source_count, 0.0f),
        post_trace_(target_count, 0.0f),
        incoming_(index_incoming_synapses(table, target_count)) {}

  size_t projection() const { return projection_; }

  // A synapse's weight after the pre spike it has just delivered: the target's trace is still that of
  // the step before, decayed to this one (its spike of this step, if any, has not been counted).
  float depressed(float w, uint32_t target) const {
    return depress(rule_, w, decay_trace(post_trace_[target], rule_.post_decay));
  }

  // Both traces one step on, for the sources [source_first, source_last) and targets [target_first,
  // target_last) of the calling thread; `fired_*` list this step's spikes of each side.
  void advance_traces(uint32_t source_first, uint32_t source_last, const std::vector<uint32_t>& fired_sources,
                      uint32_t target_first, uint32_t target_last, const std::vector<uint32_t>& fired_targets) {
    advance(pre_trace_, rule_.pre_decay, source_first, source_last, fired_sources);
    advance(post_trace_, rule_.post_decay, target_first, target_last, fired_targets);
  }

  // Potentiates the synapses onto `target`, which fired this step (pre traces already advanced).
  void potentiate_incoming(uint32_t target, std::vector<float>& weights) const {
    for (uint64_t e = incoming_.offsets[target]; e < incoming_.offsets[target + 1]; ++e) {
      float& w = weights[incoming_.synapses[e]];
      w = potentiate(rule_, w, pre_trace_[incoming_.sources[e]]);
    }
  }

 private:
  void advance(std::vector<float>& trace, float decay, uint32_t first, uint32_t last, const std::vector<uint32_t>& fired) {
    for (uint32_t i = first; i < last; ++i) trace[i] = decay_trace(trace[i], decay);
    for (const uint32_t i : fired)
      if (i >= first && i < last) trace[i] = raise_trace(rule_, trace[i]);
  }

  size_t projection_;
  StdpRule rule_;
  std::vector<float> pre_trace_, post_trace_;
  IncomingSynapses incoming_;
};

}  // namespace snn

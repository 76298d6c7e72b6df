#pragma once
// Which of a built network's arrays change as it runs, by name: every value of every neuron model (by
// the names its declaration gives them, so a new model is saved without new code), the synaptic ports'
// values and delay rings, encoders' references, last spike steps, plastic projections' traces and
// eligibilities, modulators and readout errors. Both engines save and restore the network through these
// (the CPU engine steps these very arrays; the CUDA engine copies its device arrays into them first).
// Plastic weights and the engines' event counts are not here: each engine keeps them its own way.
#include <string>

#include "core/network.hpp"
#include "core/network_state.hpp"
#include "neurons/neuron_models.hpp"

namespace snn {

// Calls f(name, vector, ring_neurons) for each state array of `net` (a Network or a const one);
// ring_neurons is the population's size for a delay ring (slot-major), 0 for every other array.
template <typename NetworkType, typename F>
void for_each_state_array(NetworkType& net, F&& f) {
  for (auto& pop : net.populations) {
    const std::string base = "populations/" + pop.name + "/";
    if (pop.kind == PopulationKind::kNeurons) {
      const NeuronModelInfo& model = neuron_model_info(pop.neuron_model);
      for (size_t slot = 0; slot < pop.values.size(); ++slot) f(base + model.values[slot].name, pop.values[slot], 0u);
    }
    for (size_t k = 0; k < pop.ports.size(); ++k) {
      const std::string port = base + "ports/" + std::to_string(k) + "/";
      if (!pop.ports[k].value.empty()) f(port + "value", pop.ports[k].value, 0u);
      f(port + "ring", pop.ports[k].ring, pop.size);
    }
    if (!pop.delta_reference.empty()) f(base + "delta_reference", pop.delta_reference, 0u);
    if (!pop.last_spike_step.empty()) f(base + "last_spike_step", pop.last_spike_step, 0u);
  }
  for (auto& proj : net.projections) {
    if (!proj.plasticity) continue;
    const std::string base = "projections/" + proj.name + "/";
    for (int parity = 0; parity < 2; ++parity) {
      const std::string suffix = parity == 0 ? "_even" : "_odd";
      f(base + "pre_trace" + suffix, proj.learning.pre_trace[parity], 0u);
      f(base + "post_trace" + suffix, proj.learning.post_trace[parity], 0u);
    }
    if (!proj.learning.eligibility.empty()) f(base + "eligibility", proj.learning.eligibility, 0u);
  }
  for (auto& m : net.modulators) {
    const std::string base = "modulators/" + m.name + "/";
    f(base + "level", m.level, 0u);
    f(base + "next_pulse", m.next_pulse, 0u);
    if (!m.due.empty()) f(base + "due", m.due, 0u);
    f(base + "rewards", m.rewards, 0u);
  }
  for (auto& r : net.readout_errors) {
    const std::string base = "readout_errors/" + r.name + "/";
    f(base + "readout_trace", r.readout_trace, 0u);
    f(base + "target_trace", r.target_trace, 0u);
    f(base + "value", r.value, 0u);
  }
}

// The state arrays of `net` after `step` steps, into `state`. Delay rings are saved by steps ahead
// (row k: what arrives in step `step` + k), so that a ring of another length takes them back.
void save_network_arrays(const Network& net, uint64_t step, NetworkState& state);
// Sets the state arrays of `net` (built from the same experiment) from `state`; throws
// std::invalid_argument naming the array that is missing or does not fit.
void restore_network_arrays(const NetworkState& state, Network& net);

// Names of what engines keep apart: a plastic projection's weights, a projection's synaptic events.
inline std::string weights_state_name(const Projection& proj) { return "projections/" + proj.name + "/weights"; }
inline std::string events_state_name(const Projection& proj) { return "projections/" + proj.name + "/synaptic_events"; }

}  // namespace snn

#pragma once
// Changes to a built network between runs, value by value (an array's size never changes, so the
// engines' views and device copies stay where they are): a neuron parameter with the constants
// derived from it, a Poisson input's rate or weight, a constant current's amplitude. Engines take
// them in without building again (Engine::change_population, change_input); a projection's weights go through
// Engine::set_weights.
#include <string>
#include <vector>

#include "core/network.hpp"

namespace snn {

// Sets parameter `name` of a population of neurons to `values` (one for every neuron, or one per
// neuron), each checked against the parameter's range, then derives the model's constants and the
// current ports' propagators from the new values. Throws std::invalid_argument, saying what is
// wrong (an unknown name with the model's parameters, a value out of range), changing nothing.
void set_neuron_parameter(Population& pop, const std::string& name, const std::vector<float>& values, double dt_ms);

// Sets `key` of an input to `values` (one, or one per target neuron): a Poisson input's "rate" (Hz,
// >= 0) or "weight", a constant current's "amplitude" (pA). Throws std::invalid_argument, naming the
// keys the input's kind can change, changing nothing.
void set_input_value(Input& input, const std::string& key, const std::vector<float>& values, double dt_ms);

// Adds spikes to a spike-source array: neuron neurons[k] fires in step steps[k] (each at or after
// `next_step`, the first step still to run). The schedule's past is dropped first, so that a closed
// loop injecting at every step keeps it short (Engine::change_schedule: the array's size changes).
// Throws std::invalid_argument, changing nothing, for another kind of population, a neuron out of
// range, a step already run, or lists of different lengths.
void schedule_source_spikes(Population& pop, uint64_t next_step, const std::vector<uint32_t>& neurons,
                            const std::vector<uint64_t>& steps);

// Throws std::invalid_argument unless `weights` has one finite value for each of the `synapses` of
// projection `projection`.
void check_new_weights(const std::string& projection, uint64_t synapses, const std::vector<float>& weights);

// Each exact-integration current port's voltage response per neuron, from the population's
// parameters (the builder's and a parameter change's).
void derive_port_propagators(Population& pop, double dt_ms);

// Calls f(vector) for every array of a population or an input that the changes above may write:
// an engine that keeps copies of them (the CUDA engine's device arrays) takes each in again.
template <typename F>
void for_each_changeable_array(Population& pop, F&& f) {
  for (auto& values : pop.values) f(values);
  for (auto& port : pop.ports) f(port.lif_propagator);
}

template <typename F>
void for_each_changeable_array(Input& in, F&& f) {
  f(in.mean_events);
  f(in.exp_minus_mean);
  f(in.weight);
  f(in.amplitude);
}

}  // namespace snn

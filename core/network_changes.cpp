#include "core/network_changes.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/foundation/declared_values.hpp"
#include "core/foundation/nearest_name.hpp"
#include "core/inputs/input_kinds.hpp"
#include "neurons/neuron_models.hpp"

namespace snn {
namespace {

// `values` spread to `size` entries: one for all, or one each.
std::vector<float> per_item(const std::vector<float>& values, uint32_t size, const std::string& what) {
  if (values.size() == size) return values;
  if (values.size() == 1) return std::vector<float>(size, values[0]);
  throw std::invalid_argument(what + ": expected 1 value or " + std::to_string(size) + " (one per neuron), got " +
                              std::to_string(values.size()));
}

void require_finite(const std::vector<float>& values, const std::string& what) {
  for (size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i])) throw std::invalid_argument(what + ": value " + std::to_string(i) + " is not finite");
}

}  // namespace

void check_new_weights(const std::string& projection, uint64_t synapses, const std::vector<float>& weights) {
  if (weights.size() != synapses)
    throw std::invalid_argument("projection '" + projection + "' has " + std::to_string(synapses) + " synapses, " +
                                std::to_string(weights.size()) + " weights were given");
  require_finite(weights, "projection '" + projection + "'.weights");
}

void derive_port_propagators(Population& pop, double dt_ms) {
  if (pop.kind != PopulationKind::kNeurons) return;
  const auto response = neuron_model_info(pop.neuron_model).current_port_response;
  if (response == nullptr || pop.forward_euler) return;
  for (SynapticPort& port : pop.ports) {
    if (port.synapse.kind != SynapseKind::kExponentialCurrent) continue;
    port.lif_propagator.resize(pop.size);
    for (uint32_t i = 0; i < pop.size; ++i)
      port.lif_propagator[i] = response(NeuronValuesOf(pop.values, i), port.synapse.tau_ms, dt_ms);
  }
}

void set_neuron_parameter(Population& pop, const std::string& name, const std::vector<float>& values, double dt_ms) {
  const std::string what = "population '" + pop.name + "'." + name;
  if (pop.kind != PopulationKind::kNeurons)
    throw std::invalid_argument(what + ": the population is a spike source, whose settings do not change between runs");
  const NeuronModelInfo& model = neuron_model_info(pop.neuron_model);
  const std::vector<std::string> parameters = model.names(ValueRole::kParameter);
  const int slot = model.slot(name);
  if (slot < 0 || model.values[slot].role != ValueRole::kParameter)
    throw std::invalid_argument(what + ": " + model.name + " has no parameter '" + name + "'" + did_you_mean(name, parameters) +
                                "; parameters: " + join_names(parameters));
  const std::vector<float> given = per_item(values, pop.size, what);
  const ValueRange range = model.values[slot].range;
  for (size_t i = 0; i < given.size(); ++i)
    if (!within_range(given[i], range))
      throw std::invalid_argument(what + " must be finite" + (range == ValueRange::kAny ? "" : std::string(" and ") + range_text(range)) +
                                  ", value " + std::to_string(i) + " is " + std::to_string(given[i]));
  std::copy(given.begin(), given.end(), pop.values[slot].begin());
  for (uint32_t i = 0; i < pop.size; ++i) model.derive(NeuronValuesOf(pop.values, i), dt_ms);
  derive_port_propagators(pop, dt_ms);
}

void schedule_source_spikes(Population& pop, uint64_t next_step, const std::vector<uint32_t>& neurons,
                            const std::vector<uint64_t>& steps) {
  if (pop.kind != PopulationKind::kSpikeSourceArray)
    throw std::invalid_argument("population '" + pop.name + "' is not a spike_source_array: spikes are injected into spike "
                                "sources (type: spike_source_array, spike_times: [] for none of their own)");
  if (neurons.size() != steps.size())
    throw std::invalid_argument("population '" + pop.name + "': " + std::to_string(neurons.size()) + " neurons but " +
                                std::to_string(steps.size()) + " spike steps");
  for (size_t k = 0; k < neurons.size(); ++k) {
    if (neurons[k] >= pop.size)
      throw std::invalid_argument("population '" + pop.name + "' has " + std::to_string(pop.size) + " neurons; neuron " +
                                  std::to_string(neurons[k]) + " cannot fire");
    if (steps[k] < next_step)
      throw std::invalid_argument("population '" + pop.name + "': a spike in step " + std::to_string(steps[k]) +
                                  ", which has run already (the next step is " + std::to_string(next_step) + ")");
  }
  std::vector<std::pair<uint64_t, uint32_t>> events;
  for (size_t k = 0; k < pop.scheduled_steps.size(); ++k)
    if (pop.scheduled_steps[k] >= next_step) events.emplace_back(pop.scheduled_steps[k], pop.scheduled_neurons[k]);
  for (size_t k = 0; k < neurons.size(); ++k) events.emplace_back(steps[k], neurons[k]);
  std::sort(events.begin(), events.end());  // by step, then neuron: the order the builder gives
  events.erase(std::unique(events.begin(), events.end()), events.end());
  pop.scheduled_steps.clear();
  pop.scheduled_neurons.clear();
  for (const auto& [step, neuron] : events) {
    pop.scheduled_steps.push_back(step);
    pop.scheduled_neurons.push_back(neuron);
  }
}

void set_input_value(Input& input, const std::string& key, const std::vector<float>& values, double dt_ms) {
  const std::string kind = input_kind_info(input.kind).name;
  const std::string what = "input '" + input.name + "'." + key;
  if (kind == "poisson" && key == "rate") {
    const std::vector<float> rates = per_item(values, static_cast<uint32_t>(input.mean_events.size()), what);
    require_finite(rates, what);
    for (float r : rates)
      if (r < 0.0f) throw std::invalid_argument(what + ": must be >= 0 Hz");
    PoissonInput::set_rates(input, rates, dt_ms);
    return;
  }
  if (kind == "poisson" && key == "weight") {
    const std::vector<float> weights = per_item(values, static_cast<uint32_t>(input.weight.size()), what);
    require_finite(weights, what);
    input.weight = weights;
    return;
  }
  if (kind == "constant_current" && key == "amplitude") {
    const std::vector<float> amplitudes = per_item(values, static_cast<uint32_t>(input.amplitude.size()), what);
    require_finite(amplitudes, what);
    input.amplitude = amplitudes;
    return;
  }
  throw std::invalid_argument(what + ": a " + kind + " input changes between runs in: " +
                              (kind == "poisson" ? "rate, weight" : kind == "constant_current" ? "amplitude" : "nothing yet"));
}

}  // namespace snn

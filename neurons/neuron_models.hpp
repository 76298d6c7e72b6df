#pragma once
// The one list of neuron models. Everything that depends on a population's model (the loader's
// checks, the builder, both engines' step, state recording, memory accounting, `snn models` and the
// schema docs) reads it through visit_neuron_model or neuron_model_info, so a model is added here
// and nowhere else (its header beside this one: neurons/neuron_model.hpp says what it declares).
#include <cstdint>
#include <string>
#include <vector>

#include "neurons/adex.hpp"
#include "neurons/izhikevich.hpp"
#include "neurons/lif.hpp"
#include "neurons/two_compartment.hpp"

namespace snn {

template <typename... Models>
struct NeuronModelList {
  static constexpr uint32_t kCount = sizeof...(Models);
};

using NeuronModels = NeuronModelList<LifModel, IzhikevichModel, AdExModel, TwoCompartmentModel>;

namespace detail {
template <typename F, typename... Models>
SNN_HD bool visit_in(NeuronModelList<Models...>, NeuronModelId id, F&& f) {
  bool result = false;
  NeuronModelId k = 0;
  // Each model's branch is a compile-time call; the fold stops at the matching one.
  (void)((id == k++ ? (result = f(Models{}), true) : false) || ...);
  return result;
}
}  // namespace detail

// Calls f(Model{}) for the model with id `id` and returns what it returns (a bool: the step's
// spike). Used by both engines' neuron update.
template <typename F>
SNN_HD bool visit_neuron_model(NeuronModelId id, F&& f) {
  return detail::visit_in(NeuronModels{}, id, static_cast<F&&>(f));
}

// What the host knows of a model, read from its declaration (neuron_model_registry.cpp).
struct NeuronModelInfo {
  const char* name;
  const char* summary;
  const NeuronValueInfo* values;
  uint32_t value_count;
  bool takes_substeps;
  bool offers_forward_euler;
  const char* const* compartments;
  uint32_t compartment_count;
  float (*default_state)(int slot, const NeuronValuesOf& n);
  void (*derive)(const NeuronValuesOf& n, double dt);
  // The exact voltage response to a current port, for models that have one (else null).
  float (*current_port_response)(const NeuronValuesOf& n, double tau_s, double dt);

  int slot(const std::string& value_name) const;  // -1 where there is none
  std::vector<std::string> names(ValueRole role) const;
  std::vector<std::string> recordable() const;  // state, internal state included
  int compartment(const std::string& name) const;  // -1 where there is none
};

const NeuronModelInfo& neuron_model_info(NeuronModelId id);
std::vector<std::string> neuron_model_names();
// The id of the model called `name`; throws std::invalid_argument naming the models when there is none.
NeuronModelId neuron_model_id(const std::string& name);

}  // namespace snn

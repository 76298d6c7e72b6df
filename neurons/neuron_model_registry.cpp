// The host's table of neuron models, made from NeuronModels at compile time: a model that lacks a
// declaration neurons/neuron_model.hpp asks for does not compile here.
#include <array>
#include <iterator>

#include "neurons/neuron_models.hpp"

namespace snn {
namespace {

template <typename Model>
NeuronModelInfo info_of() {
  static_assert(std::size(Model::kValues) <= kMaxNeuronValues, "raise kMaxNeuronValues for this model");
  static_assert(std::size(Model::kCompartments) <= kMaxCompartments, "raise kMaxCompartments for this model");
  NeuronModelInfo info{Model::kName,
                       Model::kSummary,
                       Model::kValues,
                       static_cast<uint32_t>(std::size(Model::kValues)),
                       Model::kTakesSubsteps,
                       Model::kOffersForwardEuler,
                       Model::kCompartments,
                       static_cast<uint32_t>(std::size(Model::kCompartments)),
                       &Model::default_state,
                       &Model::derive,
                       nullptr};
  if constexpr (Model::kExactCurrentPorts) info.current_port_response = &Model::current_port_response;
  return info;
}

template <typename... Models>
std::array<NeuronModelInfo, sizeof...(Models)> make_table(NeuronModelList<Models...>) {
  return {info_of<Models>()...};
}

const auto& table() {
  static const auto models = make_table(NeuronModels{});
  return models;
}

}  // namespace

int NeuronModelInfo::slot(const std::string& value_name) const {
  for (uint32_t k = 0; k < value_count; ++k)
    if (value_name == values[k].name) return static_cast<int>(k);
  return -1;
}

int NeuronModelInfo::compartment(const std::string& name) const {
  for (uint32_t k = 0; k < compartment_count; ++k)
    if (name == compartments[k]) return static_cast<int>(k);
  return -1;
}

std::vector<std::string> NeuronModelInfo::names(ValueRole role) const {
  std::vector<std::string> out;
  for (uint32_t k = 0; k < value_count; ++k)
    if (values[k].role == role) out.push_back(values[k].name);
  return out;
}

std::vector<std::string> NeuronModelInfo::recordable() const {
  std::vector<std::string> out = names(ValueRole::kState);
  for (const std::string& name : names(ValueRole::kInternalState)) out.push_back(name);
  return out;
}

const NeuronModelInfo& neuron_model_info(NeuronModelId id) { return table().at(id); }

NeuronModelId neuron_model_id(const std::string& name) {
  return static_cast<NeuronModelId>(index_by_name(table(), name, "neuron model"));
}

std::vector<std::string> neuron_model_names() {
  std::vector<std::string> names;
  for (const NeuronModelInfo& info : table()) names.push_back(info.name);
  return names;
}

}  // namespace snn

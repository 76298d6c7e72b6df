#include "core/experiment_spec.hpp"

#include <stdexcept>

#include "neurons/neuron_models.hpp"
#include "plasticity/plasticity_rules.hpp"

namespace snn {

std::string population_model_name(const PopulationSpec& population) {
  switch (population.kind) {
    case PopulationKind::kNeurons: return neuron_model_info(population.neuron_model).name;
    case PopulationKind::kPoissonSource: return "poisson_source";
    case PopulationKind::kSpikeSourceArray: return "spike_source_array";
    case PopulationKind::kEncodedSource: return "encoded_source";
  }
  return "?";
}

double sheet_area(const PopulationSpec& population) {
  if (!population.positions) return 0.0;
  const SheetExtent extent = sheet_extent(*population.positions, population.size);
  return extent.width * extent.height;
}

double PlasticitySpec::setting(const std::string& name) const {
  const int slot = plasticity_rule_info(rule).setting(name);
  if (slot < 0) throw std::out_of_range(std::string("plasticity rule '") + plasticity_rule_info(rule).name + "' has no setting '" + name + "'");
  return settings.at(static_cast<size_t>(slot));
}

const char* synapse_kind_name(SynapseKind kind) {
  switch (kind) {
    case SynapseKind::kDelta: return "delta";
    case SynapseKind::kExponentialCurrent: return "exponential_current";
    case SynapseKind::kExponentialConductance: return "exponential_conductance";
  }
  return "?";
}

const char* connector_kind_name(ConnectorKind kind) {
  switch (kind) {
    case ConnectorKind::kAllToAll: return "all_to_all";
    case ConnectorKind::kOneToOne: return "one_to_one";
    case ConnectorKind::kFixedProbability: return "fixed_probability";
    case ConnectorKind::kFixedInDegree: return "fixed_indegree";
    case ConnectorKind::kFixedOutDegree: return "fixed_outdegree";
    case ConnectorKind::kFixedTotalNumber: return "fixed_total_number";
    case ConnectorKind::kFromList: return "from_list";
    case ConnectorKind::kDistanceGaussian: return "distance_gaussian";
  }
  return "?";
}

}  // namespace snn

#include "core/experiment_spec.hpp"

#include "neurons/neuron_models.hpp"

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
  }
  return "?";
}

}  // namespace snn

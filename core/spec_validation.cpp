#include "core/spec_validation.hpp"

#include <cmath>
#include <set>

#include "core/foundation/nearest_name.hpp"
#include "core/network.hpp"
#include "core/weight_checks.hpp"
#include "neurons/neuron_models.hpp"
#include "plasticity/plasticity_rules.hpp"

namespace snn {
namespace {

[[noreturn]] void fail(const std::string& what) { throw SpecError(what); }

void require(bool ok, const std::string& what) {
  if (!ok) fail(what);
}

// The population called `name`, as `where` refers to it.
const PopulationSpec& population(const ExperimentSpec& spec, const std::string& name, const std::string& where) {
  const int p = spec.population_index(name);
  if (p < 0) fail(where + ": " + no_population_named(spec, name));
  return spec.populations[p];
}

void check_population(const PopulationSpec& p, std::set<std::string>& names) {
  const std::string what = "population '" + p.name + "'";
  require(!p.name.empty(), "a population needs a name");
  require(names.insert(p.name).second, "population '" + p.name + "' is defined twice");
  require(p.size >= 1, what + ".size: must be at least 1");
  if (p.kind == PopulationKind::kNeurons) {
    require(p.neuron_model < NeuronModels::kCount, what + ": unknown neuron model");
    const NeuronModelInfo& model = neuron_model_info(p.neuron_model);
    for (const auto& [name, value] : p.parameters) {
      const int slot = model.slot(name);
      require(slot >= 0 && model.values[slot].role == ValueRole::kParameter,
              what + ".parameters: " + model.name + " has no parameter '" + name + "'");
      if (value.is_constant())
        require(within_range(value.value, model.values[slot].range),
                what + ".parameters." + name + ": must be " +
                    (model.values[slot].range == ValueRange::kAny ? "finite" : range_text(model.values[slot].range)));
    }
    for (const auto& [name, value] : p.initial) {
      const int slot = model.slot(name);
      require(slot >= 0 && model.values[slot].role == ValueRole::kState,
              what + ".initial: " + model.name + " has no state variable '" + name + "'");
    }
    require(p.substeps >= 1 && (p.substeps == 1 || model.takes_substeps),
            what + ".substeps: " + (p.substeps < 1 ? std::string("must be at least 1") : "does not apply to " + std::string(model.name)));
    require(!p.forward_euler || model.offers_forward_euler,
            what + ".integrator: " + model.name + " offers no forward_euler integrator");
  }
  if (p.kind == PopulationKind::kSpikeSourceArray) {
    require(p.spike_times_ms.size() <= p.size, what + ".spike_times: more lists than neurons");
    for (const std::vector<double>& times : p.spike_times_ms)
      for (const double t : times) require(std::isfinite(t) && t >= 0, what + ": spike times must be >= 0 ms");
  }
  if (p.positions) {
    const PositionSpec& s = *p.positions;
    if (s.layout == PositionSpec::Layout::kGrid)
      require(s.columns >= 1 && s.columns <= p.size && s.spacing > 0,
              what + ".positions.grid: needs 1 to " + std::to_string(p.size) + " columns and a spacing > 0");
    else
      require(s.width > 0 && s.height > 0, what + ".positions.uniform: width and height must be > 0");
  }
}

void check_connector(const ConnectorSpec& c, const PopulationSpec& source, const PopulationSpec& target, const std::string& what) {
  const std::string w = what + ".connector";
  switch (c.kind) {
    case ConnectorKind::kAllToAll:
    case ConnectorKind::kOneToOne: break;
    case ConnectorKind::kFixedProbability:
      require(c.probability >= 0.0 && c.probability <= 1.0, w + ".p: a probability must lie in [0, 1]");
      break;
    case ConnectorKind::kFixedInDegree:
    case ConnectorKind::kFixedOutDegree:
    case ConnectorKind::kFixedTotalNumber: require(c.count >= 1, w + ": the count (k or n) must be at least 1"); break;
    case ConnectorKind::kFromList:
      for (const auto& [s, t] : c.pairs)
        require(s < source.size && t < target.size,
                w + ".pairs: (" + std::to_string(s) + ", " + std::to_string(t) + ") is not a pair of neurons of '" +
                    source.name + "' (" + std::to_string(source.size) + ") and '" + target.name + "' (" +
                    std::to_string(target.size) + ")");
      break;
    case ConnectorKind::kDistanceGaussian:
      require(c.probability >= 0.0 && c.probability <= 1.0, w + ".p: a probability must lie in [0, 1]");
      require(c.sigma > 0 && c.cutoff > 0, w + ": sigma and cutoff must be > 0");
      for (const PopulationSpec* p : {&source, &target})
        require(p->positions.has_value(), w + ": distance_gaussian needs positions for population '" + p->name + "'");
      if (c.periodic) {
        const SheetExtent a = sheet_extent(*source.positions, source.size), b = sheet_extent(*target.positions, target.size);
        require(a.width == b.width && a.height == b.height,
                w + ".periodic: '" + source.name + "' and '" + target.name + "' lie on sheets of different extents");
      }
      break;
  }
}

void check_plasticity(const PlasticitySpec& p, const ExperimentSpec& spec, const std::string& what) {
  const std::string w = what + ".plasticity";
  require(p.rule < PlasticityRules::kCount, w + ".rule: unknown plasticity rule");
  const PlasticityRuleInfo& rule = plasticity_rule_info(p.rule);
  require(p.settings.size() == rule.setting_count,
          w + ": " + std::to_string(p.settings.size()) + " settings for " + rule.name + ", which has " +
              std::to_string(rule.setting_count) + " (start from plasticity_rule_info(rule).defaults())");
  for (uint32_t k = 0; k < rule.setting_count; ++k) {
    const RuleSetting& s = rule.settings[k];
    if (s.options != nullptr) continue;
    require(within_range(p.settings[k], s.range),
            w + "." + s.name + ": must be " + (s.range == ValueRange::kAny ? "a finite number" : range_text(s.range)));
  }
  require(p.setting("w_min") < p.setting("w_max"), w + ": w_min must be below w_max");
  if (rule.modulated) {
    bool found = false;
    for (const ModulatorSpec& m : spec.modulators) found = found || m.name == p.modulator;
    require(found, w + ".modulator: no modulator named '" + p.modulator + "'");
  }
}

void check_projection(const ProjectionSpec& p, size_t index, const ExperimentSpec& spec) {
  const std::string what = "projections[" + std::to_string(index) + "] (" + p.name + ")";
  const PopulationSpec& source = population(spec, p.source, what + ".source");
  const PopulationSpec& target = population(spec, p.target, what + ".target");
  require(!is_spike_source(target.kind),
          what + ": population '" + p.target + "' is a spike source and cannot receive synapses");
  check_connector(p.connector, source, target, what);
  require(p.synapse.compartment < neuron_model_info(target.neuron_model).compartment_count,
          what + ".synapse.compartment: " + neuron_model_info(target.neuron_model).name + " has no such compartment");
  // An Euler step of a decay faster than the step overshoots: g would change sign every step.
  if (target.forward_euler && p.synapse.kind != SynapseKind::kDelta)
    require(p.synapse.tau_ms > spec.dt_ms, what + ".synapse.tau: forward_euler in population '" + p.target +
                                               "' needs synaptic time constants above dt (" + std::to_string(spec.dt_ms) + " ms)");
  if (p.delay_ms.is_constant())
    require(p.delay_ms.value >= 0.5 * spec.dt_ms, what + ".delay: delays must be at least one time step");
  require(conductance_weight_problem(p.weight, p.synapse).empty(), what + conductance_weight_problem(p.weight, p.synapse));
  if (p.plasticity) {
    check_plasticity(*p.plasticity, spec, what);
    const std::string problem = plastic_weight_problem(p.weight, p.plasticity->setting("w_min"), p.plasticity->setting("w_max"));
    require(problem.empty(), what + problem);
  }
}

void check_record(const ExperimentSpec& spec) {
  for (const std::string& name : spec.record.spike_populations) population(spec, name, "record.spikes");
  for (const StateRecordSpec& s : spec.record.state) {
    const PopulationSpec& p = population(spec, s.population, "record.state");
    for (const std::string& variable : s.variables) {
      const std::vector<std::string> allowed = recordable_variables(p);
      bool found = false;
      for (const std::string& a : allowed) found = found || a == variable;
      require(found, "record.state: population '" + p.name + "' has no recordable variable '" + variable + "'");
    }
    for (const uint32_t n : s.neurons)
      require(n < p.size, "record.state: neuron " + std::to_string(n) + " is not a neuron of '" + p.name + "'");
    require(s.interval_ms >= spec.dt_ms * 0.5, "record.state: the interval must be at least one time step");
  }
  for (const WeightRecordSpec& w : spec.record.weights) {
    bool found = false;
    for (const ProjectionSpec& p : spec.projections) found = found || p.name == w.projection;
    require(found, "record.weights: no projection named '" + w.projection + "'");
  }
}

}  // namespace

std::string no_population_named(const ExperimentSpec& spec, const std::string& name) {
  std::vector<std::string> names;
  for (const PopulationSpec& p : spec.populations) names.push_back(p.name);
  return "no population named '" + name + "'" + did_you_mean(name, names) + "; populations: " + join_names(names);
}

void validate_experiment(const ExperimentSpec& spec) {
  require(spec.threads >= 0 && spec.threads <= kMostThreads,
          "simulation.threads: between 0 (all cores) and " + std::to_string(kMostThreads));
  require(spec.dt_ms > 0 && std::isfinite(spec.dt_ms), "simulation.dt: must be > 0");
  require(spec.duration_ms >= 0 && std::isfinite(spec.duration_ms), "simulation.duration: must be >= 0");
  std::set<std::string> names;
  for (const PopulationSpec& p : spec.populations) check_population(p, names);
  for (size_t j = 0; j < spec.projections.size(); ++j) check_projection(spec.projections[j], j, spec);
  for (size_t k = 0; k < spec.inputs.size(); ++k) {
    const PopulationSpec& target = population(spec, spec.inputs[k].target, "inputs[" + std::to_string(k) + "].target");
    require(!is_spike_source(target.kind),
            "inputs[" + std::to_string(k) + "]: population '" + target.name + "' is a spike source and takes no input");
    const std::string problem = std::visit([](const auto& kind) { return kind.problem(); }, spec.inputs[k].settings);
    require(problem.empty(), "inputs[" + std::to_string(k) + "]" + problem);
  }
  check_record(spec);
}

}  // namespace snn

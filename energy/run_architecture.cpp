#include "energy/run_architecture.hpp"

#include <stdexcept>
#include <variant>

#include "io/recorded_experiment.hpp"
#include "plasticity/plasticity_rules.hpp"

namespace snn::energy {
namespace {

// The mean of a rate the experiment gives per neuron; false for an expression (no mean without drawing).
bool mean_of(const ValueDistribution& d, double& mean) {
  switch (d.kind) {
    case ValueDistribution::Kind::kConstant: mean = d.value; return true;
    case ValueDistribution::Kind::kUniform: mean = 0.5 * (d.low + d.high); return true;
    case ValueDistribution::Kind::kNormal: mean = d.mean; return true;  // bounds far from the mean in practice
    case ValueDistribution::Kind::kExpression: return false;
  }
  return false;
}

// Expected Poisson events into `population` over the run's `duration_ms`: rate x active time x neurons.
double poisson_events(const ExperimentSpec& spec, const std::string& population, uint64_t neurons, double duration_ms,
                      std::vector<std::string>& notes) {
  double events = 0;
  for (const InputSpec& input : spec.inputs) {
    const PoissonInput* poisson = std::get_if<PoissonInput>(&input.settings);
    if (input.target != population || !poisson) continue;
    double rate_hz = 0;
    if (!mean_of(poisson->rate_hz, rate_hz)) {
      notes.push_back("the Poisson input '" + input.name + "' sets its rate per neuron by an expression: its events are not priced");
      continue;
    }
    const double stop = input.stop_ms < 0 ? duration_ms : std::min(input.stop_ms, duration_ms);
    if (stop > input.start_ms) events += rate_hz * (stop - input.start_ms) * 1e-3 * static_cast<double>(neurons);
  }
  return events;
}

}  // namespace

Architecture architecture_from_run(const RecordedRun& run, const std::string& path) {
  if (!run.has_counts || run.counts.time_steps == 0)
    throw std::runtime_error("'" + path + "' holds no counts of a finished run (status: " + run.status + ")");
  Architecture arch;
  arch.name = run.experiment_name + " (" + path + ")";
  arch.time_steps = static_cast<uint32_t>(run.counts.time_steps);
  arch.ann_passes = arch.time_steps;
  arch.simulated_network = true;
  arch.baselines = {Precision::kFp32, Precision::kFp16, Precision::kInt8, Precision::kInt4, Precision::kBinary};
  // Inputs and learning are read from the experiment as it ran; a file whose experiment no longer
  // loads is priced without them, and says so.
  std::optional<ExperimentSpec> spec;
  try {
    spec = load_recorded_experiment(run, path);
  } catch (const std::exception& e) {
    arch.notes.push_back(std::string("Poisson inputs and plasticity are not priced: the run's experiment does not load (") +
                         e.what() + ")");
  }
  const double duration_ms = static_cast<double>(run.counts.time_steps) * run.counts.dt_ms;
  for (const PopulationCount& population : run.counts.populations) {
    Layer layer;
    layer.name = population.name;
    layer.kind = "population";
    layer.outputs = population.neurons;
    double events = 0;
    for (const ProjectionCount& projection : run.counts.projections) {
      if (projection.target != population.name) continue;
      layer.inputs += projection.source_neurons;
      layer.connections += projection.synapses;
      events += static_cast<double>(projection.synaptic_events);
      const ProjectionSpec* p = nullptr;
      if (spec)
        for (const ProjectionSpec& q : spec->projections)
          if (q.name == projection.name) p = &q;
      if (!p || !p->plasticity) continue;
      // A presynaptic spike updates each synapse it reaches; a postsynaptic spike each synapse onto
      // the neuron (the projection's mean in-degree per target spike).
      const double in_degree = projection.target_neurons ? static_cast<double>(projection.synapses) / projection.target_neurons : 0;
      layer.plastic_updates += static_cast<double>(projection.synaptic_events) + static_cast<double>(population.spikes) * in_degree;
      if (plasticity_rule_info(p->plasticity->rule).modulated)
        layer.modulated_updates += static_cast<double>(projection.synapses) * static_cast<double>(arch.time_steps);
    }
    if (spec) layer.input_events = poisson_events(*spec, population.name, population.neurons, duration_ms, arch.notes);
    if (layer.connections == 0 && layer.input_events == 0) continue;
    layer.input_rate = layer.connections == 0 ? 0.0
                                              : events / (static_cast<double>(arch.time_steps) * static_cast<double>(layer.connections));
    if (layer.input_rate == 0) layer.plastic_updates = 0;  // nothing to scale them with: none happened
    arch.layers.push_back(layer);
  }
  if (arch.layers.empty()) throw std::runtime_error("'" + path + "': the run's network has no synapses or inputs to estimate");
  return arch;
}

}  // namespace snn::energy

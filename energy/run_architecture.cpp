#include "energy/run_architecture.hpp"

#include <stdexcept>

namespace snn::energy {

Architecture architecture_from_run(const RecordedRun& run, const std::string& path) {
  if (!run.has_counts || run.counts.time_steps == 0)
    throw std::runtime_error("'" + path + "' holds no counts of a finished run (status: " + run.status + ")");
  Architecture arch;
  arch.name = run.experiment_name + " (" + path + ")";
  arch.time_steps = static_cast<uint32_t>(run.counts.time_steps);
  arch.ann_passes = arch.time_steps;
  arch.simulated_network = true;
  arch.baselines = {Precision::kFp32, Precision::kFp16, Precision::kInt8, Precision::kInt4, Precision::kBinary};
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
    }
    if (layer.connections == 0) continue;
    layer.input_rate = events / (static_cast<double>(arch.time_steps) * static_cast<double>(layer.connections));
    arch.layers.push_back(layer);
  }
  if (arch.layers.empty()) throw std::runtime_error("'" + path + "': the run's network has no synapses to estimate");
  return arch;
}

}  // namespace snn::energy

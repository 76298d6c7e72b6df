#include "core/run_counts.hpp"

#include "core/engine.hpp"
#include "core/experiment_spec.hpp"

namespace snn {

RunCounts collect_run_counts(const ExperimentSpec& spec, const Engine& engine, const std::vector<uint64_t>& spikes,
                             uint64_t time_steps) {
  RunCounts counts;
  counts.time_steps = time_steps;
  counts.dt_ms = spec.dt_ms;
  for (size_t p = 0; p < spec.populations.size(); ++p)
    counts.populations.push_back(PopulationCount{spec.populations[p].name, spec.populations[p].size, spikes.at(p)});
  const std::vector<Engine::ProjectionCounts> measured = engine.projection_counts();
  for (size_t j = 0; j < spec.projections.size(); ++j) {
    const ProjectionSpec& proj = spec.projections[j];
    const size_t source = spec.population_index(proj.source), target = spec.population_index(proj.target);
    counts.projections.push_back(ProjectionCount{proj.name, proj.source, proj.target, spec.populations[source].size,
                                                 spec.populations[target].size, measured.at(j).synapses,
                                                 spikes.at(source), measured.at(j).synaptic_events});
  }
  return counts;
}

}  // namespace snn

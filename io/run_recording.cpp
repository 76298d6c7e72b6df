#include "io/run_recording.hpp"

#include "core/run_counts.hpp"
#include "io/run_carry_over.hpp"

namespace snn {
namespace {

std::unique_ptr<Hdf5Recorder> open_recorder(const std::string& path, const Simulation& sim,
                                            const std::vector<ReadoutStreamSpec>& readouts) {
  const ExperimentSpec& spec = sim.spec();
  std::vector<uint64_t> synapses;
  for (const Engine::ProjectionCounts& c : sim.engine().projection_counts()) synapses.push_back(c.synapses);
  const RecordingMetadata metadata{spec.recorded_text(), spec.name, spec.seed, spec.dt_ms, spec.duration_ms,
                                   sim.engine().backend_name()};
  const EngineOptions& plan = sim.plan();
  return std::make_unique<Hdf5Recorder>(path, spec, synapses, plan.record_spikes, plan.state_probes, metadata,
                                        plan.weight_probes, readouts);
}

std::vector<size_t> probe_widths(const Simulation& sim) {
  std::vector<size_t> widths;
  for (const StateProbe& probe : sim.plan().state_probes) widths.push_back(probe.neurons.size());
  return widths;
}

}  // namespace

RunRecording::RunRecording(const std::string& path, const Simulation& simulation,
                           const std::vector<ReadoutStreamSpec>& readouts)
    : readouts_(readouts),
      recorder_(open_recorder(path, simulation, readouts)), async_(background_, probe_widths(simulation)) {
  background_.add(recorder_.get());
}

RunRecording::~RunRecording() = default;

void RunRecording::flush() {
  async_.drain();
  recorder_->flush();
}

void RunRecording::carry_over(const RecordedRun& earlier, uint64_t step, const Simulation& simulation) {
  async_.drain();
  carry_over_run(earlier, step, simulation.spec(), simulation.plan(), readouts_, *recorder_);
  recorder_->flush();
}

void RunRecording::finish(const Simulation& simulation, double wall_seconds) {
  async_.drain();
  const ExperimentSpec& spec = simulation.spec();
  const Engine& engine = simulation.engine();
  const RunCounts counts = simulation.counts();
  std::vector<LearnedWeights> learned;
  for (size_t j = 0; j < spec.projections.size(); ++j)
    if (spec.projections[j].plasticity) learned.push_back(LearnedWeights{spec.projections[j].name, engine.synapse_table(j)});
  recorder_->finish(wall_seconds, simulation.time_ms(), counts, learned);
}

}  // namespace snn

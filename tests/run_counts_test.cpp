// The counts a run hands to the energy estimator: synaptic events per projection equal the row
// lengths of the spikes that entered it, `snn run` stores them in its HDF5 file, and `snn energy
// RUN.h5` estimates from them.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/network.hpp"
#include "energy/energy_model.hpp"
#include "energy/hardware_profile.hpp"
#include "energy/run_architecture.hpp"
#include "io/experiment_loader.hpp"
#include "io/hdf5_reader.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

const char* kNetwork = R"(
simulation: {dt: 0.1, duration: 200, seed: 5}
populations:
  drive: {model: poisson_source, size: 300, rate: 30}
  exc: {model: lif, size: 400, parameters: {I_e: {uniform: {low: 200, high: 400}}}}
  inh: {model: lif, size: 100, parameters: {I_e: 300}}
projections:
  - {source: drive, target: exc, connector: {rule: fixed_indegree, k: 15}, synapse: {type: delta}, weight: 0.5, delay: 1}
  - {source: exc, target: exc, connector: {rule: fixed_probability, p: 0.05}, synapse: {type: delta}, weight: 0.2, delay: {uniform: {low: 0.5, high: 2}}}
  - {source: exc, target: inh, connector: {rule: fixed_total_number, n: 3000}, synapse: {type: delta}, weight: 0.3, delay: 1}
  - {source: inh, target: exc, connector: {rule: all_to_all}, synapse: {type: delta}, weight: -0.4, delay: 0.5}
)";

TEST(RunCounts, SynapticEventsAreTheRowLengthsOfTheSpikesThatEnteredEachProjection) {
  const ExperimentSpec spec = load_experiment_text(kNetwork, "counts.yaml", {});
  const Network tables = build_network(spec, false);  // the same synapses the engine builds
  const RunResult run = run_spec(spec, 2);
  ASSERT_EQ(run.synaptic_events.size(), tables.projections.size());
  for (size_t j = 0; j < tables.projections.size(); ++j) {
    const Projection& proj = tables.projections[j];
    uint64_t expected = 0;
    for (const Spike& spike : run.spikes[proj.source])
      expected += proj.synapses.row_offsets[spike.neuron + 1] - proj.synapses.row_offsets[spike.neuron];
    EXPECT_GT(run.spikes[proj.source].size(), 10u) << proj.name;
    EXPECT_EQ(run.synaptic_events[j], expected) << proj.name;
    EXPECT_EQ(run.synapses[j], proj.synapses.size()) << proj.name;
  }
}

std::string temporary(const std::string& name) { return ::testing::TempDir() + name; }

TEST(RunCounts, SnnRunStoresThemAndSnnEnergyEstimatesFromTheFile) {
  const std::string experiment = temporary("counts.yaml"), output = temporary("counts.h5"), report = temporary("counts_energy");
  std::ofstream(experiment) << kNetwork;
  const std::string run_command = snn_binary() + " run " + experiment + " --backend cpu --no-progress -o " + output + " > /dev/null";
  ASSERT_EQ(std::system(run_command.c_str()), 0);
  const RecordedRun recorded = read_recorded_run(output);
  ASSERT_TRUE(recorded.has_counts);
  EXPECT_EQ(recorded.counts.time_steps, 2000u);
  ASSERT_EQ(recorded.counts.populations.size(), 3u);
  ASSERT_EQ(recorded.counts.projections.size(), 4u);
  for (size_t p = 0; p < 3; ++p) {
    uint64_t recorded_spikes = 0;
    for (const RecordedSpikes& s : recorded.spikes)
      if (s.population == recorded.counts.populations[p].name) recorded_spikes = s.node_ids.size();
    EXPECT_EQ(recorded.counts.populations[p].spikes, recorded_spikes) << recorded.counts.populations[p].name;
  }
  const ProjectionCount& inh_to_exc = recorded.counts.projections[3];
  EXPECT_EQ(inh_to_exc.source, "inh");
  EXPECT_EQ(inh_to_exc.synapses, 100u * 400u);
  // all_to_all: every spike of inh reaches all 400 targets.
  EXPECT_EQ(inh_to_exc.synaptic_events, inh_to_exc.source_spikes * 400u);

  // One layer per population that receives synapses; its rate reproduces the counted events.
  const energy::Architecture arch = energy::architecture_from_run(recorded, output);
  ASSERT_EQ(arch.layers.size(), 2u);
  EXPECT_EQ(arch.layers[0].name, "exc");
  EXPECT_EQ(arch.layers[0].inputs, 300u + 400u + 100u);
  EXPECT_EQ(arch.ann_passes, 2000u);
  const ProjectionCount* into_exc[] = {&recorded.counts.projections[0], &recorded.counts.projections[1], &recorded.counts.projections[3]};
  double events = 0, synapses = 0;
  for (const ProjectionCount* c : into_exc) {
    events += static_cast<double>(c->synaptic_events);
    synapses += static_cast<double>(c->synapses);
  }
  EXPECT_EQ(arch.layers[0].connections, static_cast<uint64_t>(synapses));
  EXPECT_NEAR(arch.layers[0].input_rate * 2000 * synapses, events, 1e-6 * events);

  const std::string energy_command = snn_binary() + " energy " + output + " -o " + report + " > /dev/null";
  ASSERT_EQ(std::system(energy_command.c_str()), 0);
  const nlohmann::json j = nlohmann::json::parse(read_text(report + ".json"));
  EXPECT_EQ(j["ann_passes"].get<uint64_t>(), 2000u);
  ASSERT_EQ(j["layers"].size(), 2u);
  EXPECT_EQ(j["layers"][1]["name"], "inh");
}

// Work beside the synaptic events, priced from the experiment as it ran: Poisson input events at their
// expected count (rate x active time x neurons) and plastic weight updates (one per presynaptic event
// and one per synapse onto a neuron that fires; for modulated rules one per synapse and step).
TEST(RunCounts, PoissonEventsAndPlasticUpdatesArePricedFromTheRun) {
  const std::string dir = ::testing::TempDir();
  const std::string brunel = dir + "counts_brunel.h5", stdp = dir + "counts_stdp.h5", reward = dir + "counts_reward.h5";
  ASSERT_EQ(std::system((snn_binary() + " run " + source_path("experiments/brunel.yaml") + " --backend cpu --duration 100 -o " +
                         brunel + " > /dev/null 2>&1").c_str()), 0);
  ASSERT_EQ(std::system((snn_binary() + " run " + source_path("experiments/stdp_window.yaml") + " --backend cpu -o " + stdp +
                         " > /dev/null 2>&1").c_str()), 0);
  ASSERT_EQ(std::system((snn_binary() + " run " + source_path("experiments/distal_reward.yaml") +
                         " --backend cpu --duration 500 -o " + reward + " > /dev/null 2>&1").c_str()), 0);
  // Brunel: nu_ext = eta nu_thr C_E = 2 x 10 Hz x 1000 into every neuron (experiments/brunel.yaml).
  const energy::Architecture b = energy::architecture_from_run(read_recorded_run(brunel), brunel);
  const ExperimentSpec spec = load_experiment_file(source_path("experiments/brunel.yaml"));
  for (const energy::Layer& layer : b.layers) {
    const PoissonInput& poisson = std::get<PoissonInput>(spec.inputs[layer.name == "excitatory" ? 0 : 1].settings);
    EXPECT_DOUBLE_EQ(layer.input_events, poisson.rate_hz.value * 0.1 * static_cast<double>(layer.outputs)) << layer.name;
    EXPECT_EQ(layer.plastic_updates, 0.0);
  }
  EXPECT_TRUE(b.notes.empty());
  const energy::EnergyReport priced = energy::estimate_energy(b, energy::default_hardware_profile());
  EXPECT_GT(priced.snn_total.input_pj, 0.0);
  // The STDP window: 21 pre spikes reach one plastic synapse each, 21 post neurons with one plastic
  // synapse each fire once.
  const energy::Architecture s = energy::architecture_from_run(read_recorded_run(stdp), stdp);
  double updates = 0;
  for (const energy::Layer& layer : s.layers) updates += layer.plastic_updates;
  EXPECT_DOUBLE_EQ(updates, 42.0);
  // Distal reward: every synapse of its modulated (dopamine) rule updates at every step.
  const RecordedRun r = read_recorded_run(reward);
  const energy::Architecture d = energy::architecture_from_run(r, reward);
  double modulated = 0, plastic_synapses = 0;
  for (const energy::Layer& layer : d.layers) modulated += layer.modulated_updates;
  for (const ProjectionCount& p : r.counts.projections)
    if (p.name != "inh_exc") plastic_synapses += static_cast<double>(p.synapses);
  EXPECT_DOUBLE_EQ(modulated, plastic_synapses * 500);
}

TEST(RunCounts, AFileWithoutCountsIsRefusedWithTheReason) {
  RecordedRun run;
  run.status = "running";
  try {
    energy::architecture_from_run(run, "killed.h5");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no counts of a finished run"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("killed.h5"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace snn::testing

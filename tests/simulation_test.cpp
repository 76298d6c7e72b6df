// The library API (core/simulation.hpp, core/spec_validation.hpp): an experiment built in code is
// validated with the loader's messages, runs step by step exactly as in one go, and gives back its
// spikes, state and learned weights; the same experiment from YAML and from code gives the same spikes;
// a RunRecording writes the file `snn run` writes.
#include <gtest/gtest.h>

#include <cstdlib>

#include "core/simulation.hpp"
#include "core/spec_validation.hpp"
#include "io/experiment_error.hpp"
#include "io/experiment_loader.hpp"
#include "io/hdf5_reader.hpp"
#include "io/run_recording.hpp"
#include "neurons/neuron_models.hpp"
#include "plasticity/plasticity_rules.hpp"
#include "tests/test_support.hpp"

namespace snn {
namespace {

ValueDistribution constant(double v) { return ValueDistribution::constant(v); }

// 400 excitatory and 100 inhibitory LIF neurons under Poisson drive, excitatory synapses learning
// by STDP, the membrane potential of three neurons sampled every ms.
ExperimentSpec network_in_code() {
  ExperimentSpec spec;
  spec.duration_ms = 200;
  spec.seed = 5;
  for (const auto& [name, size] : {std::pair<const char*, uint32_t>{"exc", 400}, {"inh", 100}}) {
    PopulationSpec p;
    p.name = name, p.size = size, p.neuron_model = neuron_model_id("lif");
    p.parameters = {{"E_L", constant(-65)}, {"V_th", constant(-50)}, {"V_reset", constant(-65)}, {"t_ref", constant(2)}};
    spec.populations.push_back(p);
    PoissonInput poisson;
    poisson.rate_hz = constant(8000), poisson.weight = constant(0.3);
    InputSpec drive;
    drive.target = name, drive.settings = poisson;
    spec.inputs.push_back(drive);
  }
  for (const auto& [source, target, weight] :
       {std::tuple<const char*, const char*, double>{"exc", "exc", 0.3}, {"exc", "inh", 0.3}, {"inh", "exc", -1.0}}) {
    ProjectionSpec j;
    j.source = source, j.target = target, j.name = std::string(source) + "->" + target;
    j.connector.kind = ConnectorKind::kFixedProbability, j.connector.probability = 0.1;
    j.weight = constant(weight), j.delay_ms = constant(1.0);
    spec.projections.push_back(j);
  }
  PlasticitySpec stdp;
  stdp.rule = plasticity_rule_id("stdp");
  stdp.settings = plasticity_rule_info(stdp.rule).defaults();
  spec.projections[0].plasticity = stdp;
  spec.record.state.push_back(StateRecordSpec{"exc", {"V"}, {0, 1, 2}, 1.0});
  return spec;
}

TEST(Simulation, ABadSpecBuiltInCodeIsRefusedWithTheLoadersMessage) {
  ExperimentSpec spec = network_in_code();
  spec.projections[2].source = "inhib";
  try {
    Simulation sim(spec);
    FAIL() << "expected a SpecError";
  } catch (const SpecError& e) {
    EXPECT_STREQ(e.what(), "projections[2] (inh->exc).source: no population named 'inhib' (did you mean 'inh'?); populations: exc, inh");
  }
  // The loader says the same of the same mistake, at its place in the file.
  try {
    load_experiment_text(R"(
simulation: {dt: 0.1, duration: 10}
populations:
  exc: {model: lif, size: 4}
  inh: {model: lif, size: 1}
projections:
  - {source: inhib, target: exc, connector: {rule: all_to_all}, synapse: {type: delta}, weight: 1, delay: 1}
)", "bad.yaml");
    FAIL() << "expected an ExperimentError";
  } catch (const ExperimentError& e) {
    EXPECT_NE(e.message().find("no population named 'inhib' (did you mean 'inh'?); populations: exc, inh"), std::string::npos)
        << e.what();
  }
  spec = network_in_code();
  spec.projections[0].plasticity->settings.pop_back();
  EXPECT_THROW(Simulation{spec}, SpecError) << "settings that do not match the rule";
  spec = network_in_code();
  spec.projections[1].connector.probability = 1.5;
  EXPECT_THROW(Simulation{spec}, SpecError);
  spec = network_in_code();
  spec.record.state[0].variables = {"u"};
  EXPECT_THROW(Simulation{spec}, SpecError) << "LIF has no u";
  spec = network_in_code();
  spec.projections[0].weight = constant(1.5);  // STDP's bounds are [0, 1]
  EXPECT_THROW(Simulation{spec}, SpecError) << "a plastic weight outside its bounds";
  spec = network_in_code();
  spec.projections[2].synapse.kind = SynapseKind::kExponentialConductance, spec.projections[2].synapse.tau_ms = 5;
  EXPECT_THROW(Simulation{spec}, SpecError) << "a negative conductance";
}

TEST(Simulation, StepByStepIsTheRunInOneGo) {
  const ExperimentSpec spec = network_in_code();
  Simulation whole(spec), pieces(spec);
  whole.run_to_end();
  for (int k = 0; k < 37; ++k) pieces.run_steps(1);
  pieces.run(50.3);
  pieces.run_to_end();
  EXPECT_EQ(pieces.current_step(), 2000u);
  EXPECT_DOUBLE_EQ(pieces.time_ms(), 200.0);
  ASSERT_GT(whole.spikes("exc").size(), 500u);
  EXPECT_EQ(whole.spikes("exc"), pieces.spikes("exc"));
  EXPECT_EQ(whole.spikes("inh"), pieces.spikes("inh"));
  EXPECT_EQ(whole.weights("exc->exc"), pieces.weights("exc->exc"));
  ASSERT_EQ(whole.state_samples(0).size(), 200u);  // one sample a ms
  EXPECT_EQ(whole.state_samples(0), pieces.state_samples(0));
  EXPECT_EQ(whole.state_samples(0)[10].size(), 3u);
  // The weights learnt, within the rule's bounds; the static ones did not move.
  const std::vector<float> learnt = whole.weights("exc->exc"), fixed = whole.weights("exc->inh");
  size_t moved = 0;
  for (const float w : learnt) {
    moved += w != 0.3f;
    EXPECT_TRUE(w >= 0.0f && w <= 1.0f) << w;
  }
  EXPECT_GT(moved, learnt.size() / 2);
  for (const float w : fixed) EXPECT_EQ(w, 0.3f);
  const std::vector<PopulationSummary> summaries = whole.summaries();
  EXPECT_EQ(summaries[0].spikes, whole.spikes("exc").size());
  EXPECT_THROW(whole.spikes("nobody"), std::out_of_range);
}

TEST(Simulation, TheSameNetworkFromYamlGivesTheSameSpikes) {
  const ExperimentSpec from_yaml = load_experiment_text(R"(
simulation: {dt: 0.1, duration: 200, seed: 5}
populations:
  exc: {model: lif, size: 400, parameters: {E_L: -65, V_th: -50, V_reset: -65, t_ref: 2}}
  inh: {model: lif, size: 100, parameters: {E_L: -65, V_th: -50, V_reset: -65, t_ref: 2}}
projections:
  - {source: exc, target: exc, connector: {rule: fixed_probability, p: 0.1}, synapse: {type: delta}, weight: 0.3, delay: 1,
     plasticity: {rule: stdp}}
  - {source: exc, target: inh, connector: {rule: fixed_probability, p: 0.1}, synapse: {type: delta}, weight: 0.3, delay: 1}
  - {source: inh, target: exc, connector: {rule: fixed_probability, p: 0.1}, synapse: {type: delta}, weight: -1, delay: 1}
inputs:
  - {type: poisson, target: exc, rate: 8000, weight: 0.3, synapse: {type: delta}}
  - {type: poisson, target: inh, rate: 8000, weight: 0.3, synapse: {type: delta}}
record:
  state: [{population: exc, variables: [V], neurons: [0, 1, 2], interval: 1}]
)", "same.yaml");
  Simulation a(from_yaml), b(network_in_code());
  a.run_to_end();
  b.run_to_end();
  EXPECT_EQ(a.spikes("exc"), b.spikes("exc"));
  EXPECT_EQ(a.weights("exc->exc"), b.weights("exc->exc"));
}

TEST(Simulation, ARunRecordingWritesTheFileSnnRunWrites) {
  // The STDP window experiment, by the library in two parts and by `snn run`: the same spikes,
  // learned weights and counts in both files.
  const std::string experiment = testing::source_path("experiments/stdp_window.yaml");
  const std::string library_file = ::testing::TempDir() + "/library.h5", cli_file = ::testing::TempDir() + "/cli.h5";
  {
    Simulation sim(load_experiment_file(experiment));
    RunRecording recording(library_file, sim);
    sim.run(120.0, &recording);
    sim.run_to_end(&recording);
    recording.finish(sim, 1.0);
  }
  ASSERT_EQ(std::system((testing::snn_binary() + " run " + experiment + " --backend cpu --no-progress -o " + cli_file +
                         " > /dev/null").c_str()),
            0);
  const RecordedRun a = read_recorded_run(library_file), b = read_recorded_run(cli_file);
  EXPECT_EQ(a.status, "complete");
  ASSERT_EQ(a.spikes.size(), b.spikes.size());
  for (size_t p = 0; p < a.spikes.size(); ++p) {
    EXPECT_EQ(a.spikes[p].population, b.spikes[p].population);
    EXPECT_EQ(a.spikes[p].timestamps_ms, b.spikes[p].timestamps_ms);
    EXPECT_EQ(a.spikes[p].node_ids, b.spikes[p].node_ids);
  }
  ASSERT_EQ(a.weights.size(), 1u);
  ASSERT_EQ(b.weights.size(), 1u);
  EXPECT_EQ(a.weights[0].weights, b.weights[0].weights);
  EXPECT_EQ(a.experiment_yaml, b.experiment_yaml);
  ASSERT_TRUE(a.has_counts && b.has_counts);
  EXPECT_EQ(a.counts.time_steps, b.counts.time_steps);
}

// An observer that fails (a recorder on a full disk) stops the run with its error, on every thread
// count: the exception comes out of run(), the steps done so far are kept, nothing aborts.
class FailingObserver : public RunObserver {
 public:
  void on_spikes_through(uint64_t step) override {
    if (step >= 700) throw std::runtime_error("no space left");
  }
};

TEST(Simulation, AFailingObserverStopsTheRunWithItsError) {
  for (const int threads : {1, 2}) {
    SimulationOptions options;
    options.threads = threads;
    Simulation simulation(network_in_code(), options);
    FailingObserver failing;
    try {
      simulation.run_to_end(&failing);
      FAIL() << "the observer's error was lost";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "no space left");
    }
    EXPECT_GE(simulation.current_step(), 700u);
    EXPECT_LT(simulation.current_step(), simulation.total_steps()) << "the run stopped";
  }
}

}  // namespace
}  // namespace snn

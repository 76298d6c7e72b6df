// Every class of invalid experiment gets a message naming file, line, column and what was expected.
#include <gtest/gtest.h>

#include <fstream>

#include "core/network.hpp"
#include "io/experiment_error.hpp"
#include "io/experiment_loader.hpp"

namespace snn {
namespace {

const char* kValid = R"(simulation:
  dt: 0.1
  duration: 100
populations:
  exc:
    model: lif
    size: 10
  inh:
    model: lif
    size: 5
projections:
  - source: exc
    target: inh
    connector: {rule: fixed_probability, p: 0.1}
    synapse: {type: delta}
    weight: 0.5
    delay: 1.0
)";

// Replaces the first occurrence of `from` in the valid document and returns the error raised.
ExperimentError error_for(const std::string& from, const std::string& to,
                          const std::vector<std::string>& overrides = {}) {
  std::string text = kValid;
  if (!from.empty()) {
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  }
  try {
    load_experiment_text(text, "bad.yaml", overrides);
  } catch (const ExperimentError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for: " << to;
  return ExperimentError("", 0, 0, "");
}

void expect_message(const ExperimentError& e, int line, int column, const std::string& fragment) {
  EXPECT_EQ(e.file(), "bad.yaml");
  EXPECT_EQ(e.line(), line) << e.what();
  EXPECT_EQ(e.column(), column) << e.what();
  EXPECT_NE(e.message().find(fragment), std::string::npos) << "message: " << e.what();
}

TEST(YamlErrors, ValidDocumentLoads) {
  const ExperimentSpec spec = load_experiment_text(kValid, "ok.yaml");
  EXPECT_EQ(spec.populations.size(), 2u);
  EXPECT_EQ(spec.projections[0].connector.probability, 0.1);
}

TEST(YamlErrors, UnknownKeySuggestsTheNearestName) {
  expect_message(error_for("  duration: 100", "  duraton: 100"), 3, 3, "unknown key 'duraton' in simulation (did you mean 'duration'?)");
  expect_message(error_for("    model: lif\n    size: 10", "    model: lif\n    sise: 10"), 7, 5, "did you mean 'size'?");
}

TEST(YamlErrors, WrongTypeSaysWhatWasExpected) {
  expect_message(error_for("  dt: 0.1", "  dt: fast"), 2, 7, "simulation.dt: expected a number, got 'fast'");
  expect_message(error_for("  dt: 0.1", "  dt: [0.1]"), 2, 7, "expected a number, got a list");
  expect_message(error_for("    weight: 0.5", "    weight: {gauss: {mean: 1}}"), 16, 14, "unknown distribution 'gauss'");
}

TEST(YamlErrors, MissingRequiredKeyIsNamed) {
  expect_message(error_for("    size: 10\n", ""), 6, 5, "population 'exc': missing required key 'size'");
  expect_message(error_for("    delay: 1.0\n", ""), 12, 5, "missing required key 'delay'");
}

TEST(YamlErrors, PlasticityIsCheckedKeyByKey) {
  const std::string delay = "    delay: 1.0\n";
  expect_message(error_for(delay, delay + "    plasticity: {rule: stdp, tau_pls: 20}\n"), 18, 30,
                 "unknown key 'tau_pls' in projections[0] (exc->inh).plasticity (did you mean 'tau_plus'?)");
  expect_message(error_for(delay, delay + "    plasticity: {rule: hebb}\n"), 18, 24, "unknown plasticity rule 'hebb'; known: stdp, three_factor, triplet_stdp, inhibitory_stdp");
  expect_message(error_for(delay, delay + "    plasticity: {rule: stdp, weight_dependence: multiplicativ}\n"), 18, 49,
                 "unknown weight dependence 'multiplicativ' (did you mean 'multiplicative'?); known: additive, multiplicative");
  expect_message(error_for(delay, delay + "    plasticity: {rule: stdp, w_min: 1, w_max: 0.5}\n"), 18, 47,
                 "w_min must be below w_max");
  expect_message(error_for(delay, delay + "    plasticity: {rule: stdp, tau_minus: -3}\n"), 18, 41, "must be > 0");
  expect_message(error_for(delay, delay + "    plasticity: {rule: stdp, A_minus: -0.1}\n"), 18, 39,
                 "plasticity.A_minus: must be >= 0");
  expect_message(error_for(delay, delay + "    plasticity: {rule: triplet_stdp, tau_y: 0}\n"), 18, 45,
                 "plasticity.tau_y: must be > 0");
  expect_message(error_for(delay, delay + "    plasticity: {rule: inhibitory_stdp, A_plus: 1}\n"), 18, 41,
                 "unknown key 'A_plus' in projections[0] (exc->inh).plasticity");
  expect_message(error_for(delay, delay + "    plasticity: {rule: stdp, modulator: da}\n"), 18, 30,
                 "unknown key 'modulator'");
}

TEST(YamlErrors, WhatTheRunWouldRefuseOrBendIsRefusedWhereItIsWritten) {
  const std::string delay = "    delay: 1.0\n";
  expect_message(error_for(delay, delay + "    plasticity: {rule: stdp, w_max: 0.4}\n"), 16, 13,
                 "projections[0] (exc->inh).weight: draws in [0.5, 0.5], outside the plasticity's bounds [0, 0.4]");
  expect_message(error_for("    synapse: {type: delta}\n    weight: 0.5",
                           "    synapse: {type: exponential_conductance, tau: 5, E_rev: -80}\n    weight: {uniform: {low: -1, high: 1}}"),
                 16, 13, ".weight: a conductance cannot be negative (this one draws down to -1 nS)");
  expect_message(error_for(delay, delay + "record: {state: [{population: exc, variables: [V], neurons: [0], interval: 0.15}]}\n"), 18, 76,
                 "record.state[0].interval: 0.15 ms is not a whole number of steps of 0.1 ms");
}

TEST(YamlErrors, WhatAReaderWouldChooseSilentlyIsRefused) {
  expect_message(error_for("  dt: 0.1\n", "  dt: 0.1\n  dt: 0.2\n"), 3, 3,
                 "key 'dt' given twice in one mapping (first at line 2, column 3)");
  expect_message(error_for("  dt: 0.1", "  dt: 1e-300"), 2, 7, "simulation.dt: at least 0.0001 ms");
  expect_message(error_for("  duration: 100", "  duration: 1e300"), 3, 13,
                 "simulation.duration: 1e+300 ms is 1e+301 steps of 0.1 ms, more than the 1e+12 a run takes");
  expect_message(error_for("  duration: 100", "  duration: 100\n  seed: 1.8e16"), 4, 9, "write whole numbers above 2^53 as digits");
  // Digits are exact, however large.
  std::string text = kValid;
  text.replace(text.find("  duration: 100"), 15, "  duration: 100\n  seed: 9007199254740993");
  EXPECT_EQ(load_experiment_text(text, "ok.yaml").seed, 9007199254740993ull);
}

TEST(YamlErrors, ModulatorsRewardsAndListedPairsAreChecked) {
  const std::string delay = "    delay: 1.0\n";
  expect_message(error_for(delay, delay + "    plasticity: {rule: three_factor, modulator: dopamin}\n"), 18, 49,
                 "projections[0] (exc->inh).plasticity.modulator: no modulator named 'dopamin' (modulators: none; "
                 "define them under 'modulators')");
  expect_message(error_for("projections:\n",
                           "modulators:\n  da: {tau: 200, reward: {pre: {population: exc, neuron: 10}, post: {population: "
                           "inh, neuron: 0}, window: 20, delay: [1, 2], amount: 1}}\nprojections:\n"),
                 12, 58, "modulators.da.reward.pre.neuron: 10 is not a neuron of 'exc' (0..9)");
  expect_message(error_for("connector: {rule: fixed_probability, p: 0.1}", "connector: {rule: from_list, pairs: [[0, 1], [3, 5]]}"),
                 14, 41, "connector.pairs: (3, 5) is not a pair of neurons of 'exc' (10) and 'inh' (5)");
}

// The reservoir experiment with `from` replaced by `to`: the error raised, located in the file.
ExperimentError reservoir_error_for(const std::string& from, const std::string& to) {
  std::ifstream in(std::string(SNN_SOURCE_DIR) + "/experiments/reservoir_what_when.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  try {
    load_experiment_text(text, "bad.yaml");
  } catch (const ExperimentError& e) {
    EXPECT_GT(e.line(), 0) << e.what();
    return e;
  }
  ADD_FAILURE() << "no error for: " << to;
  return ExperimentError("", 0, 0, "");
}

TEST(YamlErrors, ReadoutErrorsTrialsAndHostReadoutsAreChecked) {
  auto expect = [](const ExperimentError& e, const std::string& fragment) {
    EXPECT_NE(e.message().find(fragment), std::string::npos) << e.what();
  };
  expect(reservoir_error_for("gate: attention}", "gate: atention}"),
         "modulators.error.readout_error.gate: no global modulator named 'atention' (global modulators: attention)");
  expect(reservoir_error_for("size: 20  # 10", "size: 21  # 10"), "a size that is a multiple of the 2 stimuli");
  expect(reservoir_error_for("size: 2\n    parameters: {tau_m: 20", "size: 3\n    parameters: {tau_m: 20"),
         "'stimuli' has 20 neurons, not a multiple of the readout's 3");
  expect(reservoir_error_for("readout: readout, target", "readout: cue, target"), "'cue' is a spike source");
  expect(reservoir_error_for("source: reservoir\n    target: readout", "source: reservoir\n    target: reservoir"),
         "'error' is the error of readout 'readout', but this projection targets 'reservoir'");
  expect(reservoir_error_for("probabilities: [0.75, 0.25]", "probabilities: [0.75, 0.5]"), "sum to 1.25, more than 1");
  expect(reservoir_error_for("probabilities: [0.25, 0.75]", "probabilities: [0.25]"), "one probability per stimulus");
  expect(reservoir_error_for("delay: 500", "delay: 980"), "must end within the trial of 1000 ms");
  expect(reservoir_error_for("show: cue", "show: que"), "unknown channel 'que'");
  expect(reservoir_error_for("eligibility: presynaptic", "eligibility: pre"), "unknown eligibility 'pre'");
  expect(reservoir_error_for("pulses: {every: 1000, amount: 1}", "pulses: {every: 1000}"), "missing");
  expect(reservoir_error_for("three_factor: {population: readout, tau", "three_factor: {population: readout, outputs: 3, tau"),
         "'readout' has 2 neurons, not a multiple of 3 outputs");
  expect(reservoir_error_for("force: {from: reservoir,", "force: {from: reservoi,"), "no population named 'reservoi'");
}

TEST(YamlErrors, SizesMustBePositive) {
  expect_message(error_for("    size: 10", "    size: 0"), 7, 11, "population 'exc'.size: must be > 0");
  expect_message(error_for("    size: 10", "    size: -3"), 7, 11, "expected a whole number >= 0");
  expect_message(error_for("    size: 10", "    size: 2.5"), 7, 11, "expected a whole number");
}

TEST(YamlErrors, ProbabilitiesMustLieInTheUnitInterval) {
  expect_message(error_for("p: 0.1", "p: 1.5"), 14, 45, "a probability must lie in [0, 1], got 1.5");
  expect_message(error_for("p: 0.1", "p: -0.1"), 14, 45, "a probability must lie in [0, 1]");
}

TEST(YamlErrors, DelaysBelowOneStepAreRejected) {
  expect_message(error_for("    delay: 1.0", "    delay: 0.01"), 17, 12, "delays must be at least one time step (dt = 0.1 ms)");
  expect_message(error_for("    delay: 1.0", "    delay: {uniform: {low: 0, high: 2}}"), 17, 12, "uniform range starts at");
  expect_message(error_for("    delay: 1.0", "    delay: {normal: {mean: 1, sd: 0.5}}"), 17, 12, "a normal delay needs low >= dt");
}

TEST(YamlErrors, UnknownModelsAndRulesAreListed) {
  expect_message(error_for("    model: lif\n    size: 10", "    model: lifx\n    size: 10"), 6, 12,
                 "unknown model 'lifx' (did you mean 'lif'?)");
  expect_message(error_for("rule: fixed_probability", "rule: fixed_prob"), 14, 23, "unknown rule 'fixed_prob'");
  expect_message(error_for("{type: delta}", "{type: alpha}"), 15, 21, "unknown synapse type 'alpha'");
}

TEST(YamlErrors, ProjectionToMissingPopulation) {
  expect_message(error_for("    target: inh", "    target: inhb"), 13, 13,
                 "no population named 'inhb' (did you mean 'inh'?); populations: exc, inh");
}

TEST(YamlErrors, UnknownParameterOfAModel) {
  expect_message(error_for("    size: 5\n", "    size: 5\n    parameters: {tau: 10}\n"), 11, 18,
                 "unknown key 'tau' in population 'inh'.parameters (did you mean 'tau_m'?)");
}

TEST(YamlErrors, ExpressionErrorsPointIntoTheExpression) {
  expect_message(error_for("    weight: 0.5", "    weight: \"0.5 * q\""), 16, 20, "unknown name 'q'");
}

TEST(YamlErrors, SyntaxErrorsCarryTheirPosition) {
  const ExperimentError e = error_for("  dt: 0.1", "  dt: [0.1");
  EXPECT_EQ(e.file(), "bad.yaml");
  EXPECT_GT(e.line(), 0);
  EXPECT_NE(e.message().find("YAML syntax error"), std::string::npos) << e.what();
}

TEST(YamlErrors, OverridesAreValidatedToo) {
  const ExperimentError e = error_for("", "", {"populations.exc.size=0"});
  EXPECT_NE(std::string(e.what()).find("(from --set)"), std::string::npos) << e.what();
  EXPECT_NE(e.message().find("must be > 0"), std::string::npos) << e.what();
  const ExperimentError bad_path = error_for("", "", {"projections.7.weight=1"});
  EXPECT_NE(bad_path.message().find("'7' is not an index"), std::string::npos) << bad_path.what();
}

TEST(YamlErrors, MalformedSpikeFileIsLocated) {
  const std::string path = ::testing::TempDir() + "/spikes.txt";
  std::ofstream(path) << "# neuron time\n0 1.5\n1 abc\n";
  const std::string yaml = std::string("simulation: {dt: 0.1, duration: 10}\npopulations:\n  src: {model: spike_source_array, size: 2, spike_file: ") +
                           path + "}\n";
  try {
    load_experiment_text(yaml, "bad.yaml");
    FAIL();
  } catch (const ExperimentError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.column(), 3);
    EXPECT_NE(e.message().find("expected a spike time"), std::string::npos) << e.what();
  }
}

// Models come from the model list: their names, parameters, state and sub-steps are checked against
// each model's own declaration.
TEST(YamlErrors, ModelsAndTheirValuesAreCheckedAgainstTheirDeclarations) {
  expect_message(error_for("    model: lif\n    size: 10", "    model: adx\n    size: 10"), 6, 12,
                 "unknown model 'adx' (did you mean 'adex'?); known: lif, izhikevich, adex, two_compartment, poisson_source");
  expect_message(error_for("    size: 10\n", "    size: 10\n    parameters: {tau_w: 100}\n"), 8, 18,
                 "unknown key 'tau_w' in population 'exc'.parameters");
  expect_message(error_for("    model: lif\n    size: 10", "    model: adex\n    size: 10\n    initial: {u: -60}"), 8, 15,
                 "unknown key 'u' in population 'exc'.initial");
  expect_message(error_for("    size: 10\n", "    size: 10\n    substeps: 2\n"), 8, 15,
                 "substeps does not apply to lif (models that take it: izhikevich, adex, two_compartment)");
  expect_message(error_for("    synapse: {type: delta}", "    synapse: {type: delta, compartment: dendrite}"), 15, 41,
                 "synapse.compartment: lif has no compartment 'dendrite' (compartments: soma)");
}

// A parameter outside its declared range is refused for the neuron that has it, before anything runs.
TEST(YamlErrors, ParametersOutsideTheirRangeAreRefused) {
  // A drawn value is checked neuron by neuron as the network is built; a constant one when the
  // experiment is loaded (the library's validation).
  for (const std::string bad : {"{tau_m: {uniform: {low: -1, high: 1}}}", "{C_m: 0}", "{t_ref: -2}"}) {
    const std::string text =
        std::string(kValid).replace(std::string(kValid).find("    size: 10\n"), 13, "    size: 10\n    parameters: " + bad + "\n");
    try {
      build_network(load_experiment_text(text, "bad.yaml"));
      ADD_FAILURE() << bad;
    } catch (const std::exception& e) {
      EXPECT_NE(std::string(e.what()).find("population 'exc'"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("must be"), std::string::npos) << e.what();
    }
  }
}

TEST(YamlErrors, ImpossibleDegreeIsReportedWhenBuilding) {
  const ExperimentSpec spec = load_experiment_text(
      std::string(kValid).replace(std::string(kValid).find("{rule: fixed_probability, p: 0.1}"), 33,
                                  "{rule: fixed_indegree, k: 20, multapses: false}"),
      "bad.yaml");
  try {
    build_network(spec);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("exceeds the 10 distinct candidates"), std::string::npos) << e.what();
  }
}

// Found by a tester of hostile files: what a file could not state directly, reached another way.
TEST(YamlErrors, NamesThatCannotBePathsAreRefused) {
  expect_message(error_for("  exc:\n", "  ex/c:\n"), 5, 3, "cannot name anything");
  expect_message(error_for("    target: inh\n", "    target: inh\n    name: a/b\n"), 14, 11, "cannot name anything");
}

TEST(YamlErrors, ListedPairsBeyond32BitsAreRefusedNotWrapped) {
  const ExperimentError e = error_for("{rule: fixed_probability, p: 0.1}", "{rule: from_list, pairs: [[0, 4294967296]]}");
  EXPECT_NE(e.message().find("at most 2^32 - 1"), std::string::npos) << e.what();
}

TEST(YamlErrors, ExpressionsTooDeepOrTooLongAreRefused) {
  const std::string deep = "\"" + std::string(300, '(') + "1" + std::string(300, ')') + "\"";
  EXPECT_NE(error_for("weight: 0.5", "weight: " + deep).message().find("nested deeper than"), std::string::npos);
  const std::string signs = "\"" + std::string(20000, '-') + "1\"";
  EXPECT_NE(error_for("weight: 0.5", "weight: " + signs).message().find("longer than"), std::string::npos);
}

// Delays and weights that an expression computes are checked as the network is built, as constants are
// when it is loaded: never clamped to one step, never infinite.
TEST(YamlErrors, ComputedDelaysAndWeightsAreCheckedLikeConstants) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"delay: 1.0", "delay: \"1 - 2 * r\""}, {"delay: 1.0", "delay: \"log(r - 2)\""}, {"weight: 0.5", "weight: \"1 / (r - r)\""}}) {
    const ExperimentSpec spec = load_experiment_text(std::string(kValid).replace(std::string(kValid).find(from), from.size(), to), "x.yaml");
    try {
      build_network(spec);
      ADD_FAILURE() << to;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("projection"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace snn

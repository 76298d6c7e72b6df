// Checkpoint and resume: a run stopped at an arbitrary step, its state written to a checkpoint file,
// read back and restored into a new simulation (another thread count, or the other engine) gives bit
// for bit the spikes, learned weights, host readouts and statistics of the run without a stop, for
// every shipped kind of network: static LIF (current and conductance), Izhikevich, AdEx, two
// compartments, pair/triplet/inhibitory STDP, a reward-modulated rule with a
// modulator, and FORCE readouts. The cases across engines run where a CUDA device is present (skipped,
// with the reason, in CI).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

#include "core/engine.hpp"
#include "io/checkpoint_file.hpp"
#include "io/experiment_loader.hpp"
#include "models/host_readout.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

struct Case {
  const char* file;
  std::vector<std::string> overrides;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.file; }

struct Outcome {
  std::vector<std::vector<RecordedSpike>> spikes;  // per population
  std::vector<std::vector<float>> weights;         // per plastic projection, at the end
  std::vector<std::vector<float>> readout_samples; // per host readout
  std::vector<PopulationSummary> summaries;
};

SimulationOptions options_for(Backend backend, int threads) {
  SimulationOptions o;
  o.backend = backend == Backend::kCpu ? snn::Backend::kCpu : snn::Backend::kCuda;
  o.threads = threads;
  o.keep_every_population = true;
  return o;
}

// A simulation of `spec` with the experiment's host readouts beside it.
struct Running {
  Running(const ExperimentSpec& spec, const ExperimentTasks& tasks, Backend backend, int threads)
      : simulation(spec, options_for(backend, threads)), readouts(make_host_readouts(spec, tasks.readouts)) {
    for (const auto& r : readouts) observers.add(r.get());
  }
  void run_steps(uint64_t steps) { simulation.run_steps(steps, &observers); }
  NetworkState state() {
    NetworkState s = simulation.save_state();
    for (const auto& r : readouts) r->save(s);
    return s;
  }
  void restore(const NetworkState& s) {
    simulation.restore_state(s);
    for (const auto& r : readouts) r->restore(s);
  }
  Outcome outcome() const {
    Outcome o;
    const ExperimentSpec& spec = simulation.spec();
    for (const PopulationSpec& p : spec.populations) o.spikes.push_back(simulation.spikes(p.name));
    for (const ProjectionSpec& p : spec.projections)
      if (p.plasticity) o.weights.push_back(simulation.weights(p.name));
    for (const auto& r : readouts) o.readout_samples.push_back(r->samples());
    o.summaries = simulation.summaries();
    return o;
  }

  Simulation simulation;
  std::vector<std::unique_ptr<HostReadout>> readouts;
  ObserverList observers;
};

std::string temporary_checkpoint() {
  char name[] = "/tmp/snn_checkpoint_XXXXXX";
  close(mkstemp(name));
  std::remove(name);  // only its unique name is wanted
  return std::string(name) + ".checkpoint.h5";
}

// Runs `c` whole on `first`, and stopped at `stop_fraction` of its steps on `first` then resumed from
// a checkpoint file on `second`; expects the same outcome.
void expect_resumed_equal(const Case& c, Backend first, int first_threads, Backend second, int second_threads) {
  ExperimentTasks tasks;
  const ExperimentSpec spec = load_experiment_file(source_path(std::string("experiments/") + c.file), c.overrides, &tasks);
  Running whole(spec, tasks, first, first_threads);
  whole.run_steps(whole.simulation.total_steps());
  const Outcome expected = whole.outcome();

  const uint64_t stop = whole.simulation.total_steps() * 37 / 100 + 3;  // no multiple of any batch or interval
  Running before(spec, tasks, first, first_threads);
  before.run_steps(stop);
  const std::string path = temporary_checkpoint();
  write_checkpoint(path, CheckpointInfo{"/nowhere.yaml", spec.source_text, {}, "run.h5", 1.0, "test"}, before.state());
  const Checkpoint read = read_checkpoint(path);
  std::remove(path.c_str());
  EXPECT_EQ(read.state.step, stop);
  EXPECT_EQ(read.state.arrays, before.state().arrays) << "the file gives back what was written";

  Running after(spec, tasks, second, second_threads);
  after.restore(read.state);
  after.run_steps(after.simulation.total_steps() - stop);
  const Outcome resumed = after.outcome();
  const Outcome prefix = before.outcome();
  size_t spikes = 0;
  for (size_t p = 0; p < expected.spikes.size(); ++p) {
    std::vector<RecordedSpike> joined = prefix.spikes[p];
    joined.insert(joined.end(), resumed.spikes[p].begin(), resumed.spikes[p].end());
    ASSERT_EQ(joined, expected.spikes[p]) << "population " << spec.populations[p].name;
    spikes += joined.size();
  }
  EXPECT_GT(spikes, 50u) << "too few spikes for the comparison to mean much";
  EXPECT_EQ(resumed.weights, expected.weights);
  EXPECT_EQ(resumed.readout_samples, expected.readout_samples);
  ASSERT_EQ(resumed.summaries.size(), expected.summaries.size());
  for (size_t p = 0; p < expected.summaries.size(); ++p) {
    EXPECT_EQ(resumed.summaries[p].spikes, expected.summaries[p].spikes);
    if (!std::isnan(expected.summaries[p].cv_isi)) {
      EXPECT_EQ(resumed.summaries[p].cv_isi, expected.summaries[p].cv_isi);
    }
  }
}

const std::vector<Case> kCases = {
    {"brunel.yaml", {"simulation.duration=150"}},
    {"coba.yaml", {"simulation.duration=150"}},
    {"izhikevich2003.yaml", {"simulation.duration=200"}},
    {"adex_firing_patterns.yaml", {"simulation.duration=400"}},
    {"two_compartment_bac.yaml", {"simulation.duration=600"}},
    {"stdp_window.yaml", {}},
    {"triplet_stdp_frequency.yaml", {"simulation.duration=3000"}},
    {"inhibitory_stdp_balance.yaml", {"simulation.duration=1500"}},
    {"distal_reward.yaml", {"simulation.duration=4000"}},
    {"reservoir_what_when.yaml", {"simulation.duration=6000"}},
};

class Checkpoint : public ::testing::TestWithParam<Case> {};

// Saved with two threads, resumed with one: thread counts never change results, resumed or not.
TEST_P(Checkpoint, AResumedRunIsTheRunWithoutAStop) { expect_resumed_equal(GetParam(), Backend::kCpu, 2, Backend::kCpu, 1); }

INSTANTIATE_TEST_SUITE_P(Experiments, Checkpoint, ::testing::ValuesIn(kCases));

class CheckpointCuda : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    std::string reason;
    if (!cuda_device_available(&reason)) GTEST_SKIP() << "CUDA engine not testable here: " << reason;
  }
};

TEST_P(CheckpointCuda, SavedOnTheGpuResumedOnTheCpu) { expect_resumed_equal(GetParam(), Backend::kCuda, 0, Backend::kCpu, 2); }
TEST_P(CheckpointCuda, SavedOnTheCpuResumedOnTheGpu) { expect_resumed_equal(GetParam(), Backend::kCpu, 2, Backend::kCuda, 0); }
TEST_P(CheckpointCuda, SavedAndResumedOnTheGpu) { expect_resumed_equal(GetParam(), Backend::kCuda, 0, Backend::kCuda, 0); }

INSTANTIATE_TEST_SUITE_P(Experiments, CheckpointCuda, ::testing::ValuesIn(kCases));

TEST(CheckpointFile, ARestoredStateMustFitTheNetwork) {
  const ExperimentSpec spec = load_experiment_file(source_path("experiments/izhikevich2003.yaml"), {"simulation.duration=10"});
  Simulation small(spec, options_for(Backend::kCpu, 1));
  NetworkState state = small.save_state();
  std::vector<float>& v = std::get<std::vector<float>>(state.arrays.at("populations/" + spec.populations[0].name + "/v"));
  v.pop_back();
  Simulation other(spec, options_for(Backend::kCpu, 1));
  try {
    other.restore_state(state);
    FAIL() << "a state of another size was restored";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("/v"), std::string::npos) << e.what();
  }
}

TEST(CheckpointFile, OtherFilesAreRefusedWithTheReason) {
  EXPECT_THROW(read_checkpoint(source_path("experiments/coba.yaml")), std::runtime_error);
  EXPECT_FALSE(is_checkpoint_file(source_path("experiments/coba.yaml")));
  EXPECT_EQ(checkpoint_path_for("out/run.h5"), "out/run.checkpoint.h5");
  EXPECT_EQ(checkpoint_path_for("run"), "run.checkpoint.h5");
}

}  // namespace
}  // namespace snn::testing

// `snn run --checkpoint-every` and `--resume`, as a user runs them: a run stopped by SIGTERM or killed
// by SIGKILL after a checkpoint, then resumed (on another thread count), leaves a file with the spikes,
// learned weights, weight history and counts of the run without a stop, marked complete; the
// checkpoint goes once the run is whole, and resuming a complete run is refused with the reason.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdio>
#include <string>

#include "io/checkpoint_file.hpp"
#include "io/hdf5_reader.hpp"
#include "tests/child_process.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

// Reward-modulated learning with a modulator and sampled weights: 30 s of it, checkpoints every 1 s.
std::vector<std::string> run_arguments(const std::string& output, const std::string& threads) {
  return {"run", source_path("experiments/distal_reward.yaml"), "--backend", "cpu", "--threads", threads, "--duration",
          "30000", "-o", output, "--no-progress", "--checkpoint-every", "1000"};
}

void expect_same_run(const RecordedRun& a, const RecordedRun& b) {
  ASSERT_EQ(a.spikes.size(), b.spikes.size());
  for (size_t p = 0; p < a.spikes.size(); ++p) {
    EXPECT_EQ(a.spikes[p].timestamps_ms, b.spikes[p].timestamps_ms) << a.spikes[p].population;
    EXPECT_EQ(a.spikes[p].node_ids, b.spikes[p].node_ids) << a.spikes[p].population;
  }
  ASSERT_EQ(a.weights.size(), b.weights.size());
  for (size_t j = 0; j < a.weights.size(); ++j) EXPECT_EQ(a.weights[j].weights, b.weights[j].weights);
  ASSERT_EQ(a.weight_history.size(), b.weight_history.size());
  for (size_t j = 0; j < a.weight_history.size(); ++j) {
    EXPECT_EQ(a.weight_history[j].times_ms, b.weight_history[j].times_ms);
    EXPECT_EQ(a.weight_history[j].data, b.weight_history[j].data);
  }
  ASSERT_EQ(a.counts.populations.size(), b.counts.populations.size());
  for (size_t p = 0; p < a.counts.populations.size(); ++p) EXPECT_EQ(a.counts.populations[p].spikes, b.counts.populations[p].spikes);
  ASSERT_EQ(a.counts.projections.size(), b.counts.projections.size());
  for (size_t j = 0; j < a.counts.projections.size(); ++j)
    EXPECT_EQ(a.counts.projections[j].synaptic_events, b.counts.projections[j].synaptic_events);
}

class ResumedRun : public ::testing::TestWithParam<int> {};

TEST_P(ResumedRun, GivesTheFileOfTheRunWithoutAStop) {
  const int signal = GetParam();
  const std::string whole = "resumed_whole_" + std::to_string(signal) + ".h5";
  const std::string cut = "resumed_cut_" + std::to_string(signal) + ".h5";
  const std::string checkpoint = checkpoint_path_for(cut);
  std::remove(cut.c_str());
  std::remove(checkpoint.c_str());
  ASSERT_EQ(exit_status(start_snn(run_arguments(whole, "1"))), 0);
  EXPECT_FALSE(file_exists(checkpoint_path_for(whole))) << "a whole run leaves no checkpoint";

  const pid_t child = start_snn(run_arguments(cut, "1"));
  ASSERT_TRUE(wait_until([&] { return file_exists(checkpoint); })) << "the run wrote no checkpoint";
  kill(child, signal);
  ASSERT_EQ(exit_status(child), 128 + signal) << "the run ended before it was stopped";
  EXPECT_NE(read_recorded_run(cut).status, "complete");

  ASSERT_EQ(exit_status(start_snn({"run", "--resume", cut, "--threads", "2", "--no-progress", "--backend", "cpu"})), 0);
  const RecordedRun resumed = read_recorded_run(cut);
  EXPECT_EQ(resumed.status, "complete");
  expect_same_run(read_recorded_run(whole), resumed);
  EXPECT_FALSE(file_exists(checkpoint));
  EXPECT_NE(exit_status(start_snn({"run", "--resume", cut, "--no-progress"})), 0) << "a complete run cannot be resumed";
  std::remove(whole.c_str());
  std::remove(cut.c_str());
}

INSTANTIATE_TEST_SUITE_P(Signals, ResumedRun, ::testing::Values(SIGTERM, SIGKILL),
                         [](const ::testing::TestParamInfo<int>& info) { return info.param == SIGTERM ? "Sigterm" : "Sigkill"; });

TEST(ResumedRun, WithoutACheckpointIsRefusedWithTheReason) {
  EXPECT_NE(exit_status(start_snn({"run", "--resume", "no_such_run.h5"})), 0);
  EXPECT_NE(exit_status(start_snn({"run", "--resume", "x.h5", source_path("experiments/coba.yaml")})), 0)
      << "--resume takes no experiment: the checkpoint has it";
}

}  // namespace
}  // namespace snn::testing

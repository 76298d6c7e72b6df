// Runs stopped before their end keep what they computed: SIGINT and SIGTERM close the file, marked
// interrupted with the time reached; after SIGKILL the file is read by snn's reader, and `snn recover`
// makes it one that h5dump (and so every HDF5 tool) opens.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "io/hdf5_reader.hpp"
#include "tests/child_process.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

constexpr double kLongRunMs = 1e6;  // far longer than any test waits

bool have_h5dump() { return std::system("command -v h5dump > /dev/null 2>&1") == 0; }
bool h5dump_opens(const std::string& path) { return std::system(("h5dump -H " + path + " > /dev/null 2>&1").c_str()) == 0; }

// `snn run` of COBA for kLongRunMs on one CPU thread, writing `output`, in a child process.
pid_t start_long_run(const std::string& output) {
  std::remove(output.c_str());
  return start_snn({"run", source_path("experiments/coba.yaml"), "--backend", "cpu", "--threads", "1", "--duration",
                    std::to_string(kLongRunMs), "-o", output, "--no-progress"});
}

class StoppedRun : public ::testing::TestWithParam<int> {};

TEST_P(StoppedRun, ASignalClosesTheFileMarkedInterruptedAtTheTimeReached) {
  const int signal = GetParam();
  const std::string output = "stopped_run_" + std::to_string(signal) + ".h5";
  const pid_t child = start_long_run(output);
  ASSERT_TRUE(wait_until([&] { return file_exists(output); })) << "the run never created its file";
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // some steps run
  kill(child, signal);
  EXPECT_EQ(exit_status(child), 128 + signal);
  const RecordedRun run = read_recorded_run(output);
  EXPECT_EQ(run.status, "interrupted");
  EXPECT_GT(run.time_reached_ms, 0.0);
  EXPECT_LT(run.time_reached_ms, kLongRunMs);
  ASSERT_TRUE(run.has_counts) << "an interrupted run's counts are written";
  EXPECT_DOUBLE_EQ(run.counts.time_steps * run.dt_ms, run.time_reached_ms);
  size_t spikes = 0;
  for (const RecordedSpikes& s : run.spikes) {
    spikes += s.timestamps_ms.size();
    if (!s.timestamps_ms.empty()) {
      EXPECT_LE(s.timestamps_ms.back(), run.time_reached_ms + 1e-9) << s.population;
    }
  }
  EXPECT_GT(spikes, 0u);
  if (have_h5dump()) {
    EXPECT_TRUE(h5dump_opens(output));
  }
  std::remove(output.c_str());
}

INSTANTIATE_TEST_SUITE_P(Signals, StoppedRun, ::testing::Values(SIGINT, SIGTERM),
                         [](const ::testing::TestParamInfo<int>& info) { return info.param == SIGINT ? "Sigint" : "Sigterm"; });

TEST(KilledRun, ItsFileIsReadAndRecoveredIntoOneEveryToolOpens) {
  const std::string output = "killed_run.h5";
  const pid_t child = start_long_run(output);
  // The file says how far it holds the run at each flush (every few seconds).
  ASSERT_TRUE(wait_until([&] {
    if (!file_exists(output)) return false;
    try {
      return read_recorded_run(output).time_reached_ms > 0;
    } catch (const std::runtime_error&) {
      return false;
    }
  })) << "the run never flushed its file";
  kill(child, SIGKILL);
  EXPECT_EQ(exit_status(child), 128 + SIGKILL);
  const RecordedRun killed = read_recorded_run(output);
  EXPECT_EQ(killed.status, "running");
  EXPECT_GT(killed.time_reached_ms, 0.0);
  const std::string recovered = "killed_run_recovered.h5";
  const std::string command = snn_binary() + " recover " + output + " -o " + recovered + " > /dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const RecordedRun run = read_recorded_run(recovered);
  EXPECT_EQ(run.status, "incomplete");
  EXPECT_DOUBLE_EQ(run.time_reached_ms, killed.time_reached_ms);
  ASSERT_EQ(run.spikes.size(), killed.spikes.size());
  for (size_t p = 0; p < run.spikes.size(); ++p) {
    EXPECT_EQ(run.spikes[p].timestamps_ms, killed.spikes[p].timestamps_ms) << "every spike the killed file held";
    EXPECT_FALSE(run.spikes[p].timestamps_ms.empty());
  }
  if (have_h5dump()) {
    EXPECT_TRUE(h5dump_opens(recovered));
  }
  std::remove(output.c_str());
  std::remove(recovered.c_str());
}

}  // namespace
}  // namespace snn::testing

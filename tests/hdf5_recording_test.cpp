// The HDF5 trace: SONATA-style layout, metadata, and a file that survives a killed run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

#include "io/hdf5_reader.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

std::string temp_file(const std::string& name) { return ::testing::TempDir() + "/" + name; }

int run_cli(const std::string& arguments) {
  const std::string command = snn_binary() + " " + arguments + " > /dev/null 2>&1";
  return std::system(command.c_str());
}

TEST(Hdf5Recording, LayoutAndMetadataOfARun) {
  const std::string out = temp_file("izh.h5");
  ASSERT_EQ(run_cli("run " + source_path("experiments/izhikevich2003.yaml") + " --duration 300 --seed 5 -o " + out), 0);
  const RecordedRun run = read_recorded_run(out);
  EXPECT_EQ(run.status, "complete");
  EXPECT_EQ(run.seed, 5u);
  EXPECT_DOUBLE_EQ(run.dt_ms, 1.0);
  EXPECT_DOUBLE_EQ(run.duration_ms, 300.0);
  EXPECT_GE(run.wall_time_s, 0.0);
  EXPECT_NE(run.experiment_yaml.find("izhikevich2003"), std::string::npos);
  EXPECT_NE(run.experiment_yaml.find("simulation.seed=5"), std::string::npos);  // the overrides are kept
  ASSERT_EQ(run.spikes.size(), 2u);
  for (const RecordedSpikes& s : run.spikes) {
    ASSERT_EQ(s.timestamps_ms.size(), s.node_ids.size());
    EXPECT_GT(s.timestamps_ms.size(), 100u);
    EXPECT_TRUE(std::is_sorted(s.timestamps_ms.begin(), s.timestamps_ms.end()));
    EXPECT_LE(s.timestamps_ms.back(), 300.0);
    for (uint64_t id : s.node_ids) ASSERT_LT(id, s.size);
  }
  ASSERT_EQ(run.state.size(), 2u);  // v and u of four excitatory neurons
  EXPECT_EQ(run.state[0].node_ids.size(), 4u);
  EXPECT_EQ(run.state[0].times_ms.size(), 300u);
  EXPECT_EQ(run.state[0].data.size(), 1200u);
}

TEST(Hdf5Recording, SameSpikesAsTheEngineReports) {
  const std::string out = temp_file("coba.h5");
  ASSERT_EQ(run_cli("run " + source_path("experiments/coba.yaml") + " --duration 100 --threads 1 -o " + out), 0);
  const RecordedRun run = read_recorded_run(out);
  const RunResult direct = run_yaml(read_text(source_path("experiments/coba.yaml")), {"simulation.duration=100"});
  for (size_t p = 0; p < 2; ++p) {
    ASSERT_EQ(run.spikes[p].node_ids.size(), direct.spikes[p].size());
    for (size_t k = 0; k < direct.spikes[p].size(); ++k) {
      EXPECT_EQ(run.spikes[p].node_ids[k], direct.spikes[p][k].neuron);
      EXPECT_DOUBLE_EQ(run.spikes[p].timestamps_ms[k], (direct.spikes[p][k].step + 1) * 0.1);
    }
  }
}

TEST(Hdf5Recording, PlasticProjectionsLeaveTheirLearnedWeights) {
  const std::string out = temp_file("stdp.h5");
  const std::string experiment = source_path("experiments/stdp_window.yaml");
  ASSERT_EQ(run_cli("run " + experiment + " --backend cpu -o " + out), 0);
  const RecordedRun run = read_recorded_run(out);
  ASSERT_EQ(run.weights.size(), 1u);  // the driver's projection is static
  const RecordedWeights& w = run.weights[0];
  EXPECT_EQ(w.projection, "learning");
  const RunResult direct = run_yaml(read_text(experiment));
  EXPECT_EQ(w.weights, direct.weights[1]);
  ASSERT_EQ(w.sources.size(), 21u);
  for (uint32_t k = 0; k < 21; ++k) {  // one to one
    EXPECT_EQ(w.sources[k], k);
    EXPECT_EQ(w.targets[k], k);
  }
}

TEST(Hdf5Recording, KilledRunLeavesAReadableFile) {
  const std::string out = temp_file("killed.h5");
  unlink(out.c_str());
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // A long run that writes chunks every few seconds; the parent kills it mid-way.
    execl(snn_binary().c_str(), snn_binary().c_str(), "run", source_path("experiments/brunel.yaml").c_str(), "--duration", "100000",
          "--no-progress", "-o", out.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Read the file while it is written (single-writer/multiple-reader mode) until spikes show up,
  // then kill the run without warning: what was readable before must still be there after.
  auto readable_spikes = [&]() -> size_t {
    try {
      size_t total = 0;
      for (const RecordedSpikes& s : read_recorded_run(out).spikes) total += s.timestamps_ms.size();
      return total;
    } catch (const std::runtime_error&) {
      return 0;  // not created yet
    }
  };
  size_t seen = 0;
  for (int k = 0; k < 600 && seen == 0; ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    seen = readable_spikes();
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the run ended by itself before it could be killed";
  const RecordedRun run = read_recorded_run(out);
  EXPECT_EQ(run.status, "running");  // never marked complete
  size_t spikes = 0;
  for (const RecordedSpikes& s : run.spikes) {
    ASSERT_EQ(s.timestamps_ms.size(), s.node_ids.size());
    EXPECT_TRUE(std::is_sorted(s.timestamps_ms.begin(), s.timestamps_ms.end()));
    spikes += s.timestamps_ms.size();
  }
  EXPECT_GT(seen, 0u);
  EXPECT_GE(spikes, seen);
}

TEST(Hdf5Recording, InfoDescribesARunAndRejectsOtherFiles) {
  const std::string out = temp_file("info.h5");
  ASSERT_EQ(run_cli("run " + source_path("experiments/izhikevich2003.yaml") + " --duration 50 -o " + out), 0);
  EXPECT_EQ(run_cli("info " + out), 0);
  EXPECT_NE(run_cli("info " + source_path("experiments/coba.yaml")), 0);
  EXPECT_NE(run_cli("info /nonexistent.h5"), 0);
}

}  // namespace
}  // namespace snn::testing

#include "cli/run_resumption.hpp"

#include <cstdio>
#include <filesystem>

#include "io/experiment_loader.hpp"
#include "io/hdf5_reader.hpp"

namespace snn {
namespace {

namespace fs = std::filesystem;

// Where the earlier file waits while the resumed run's file is made.
std::string set_aside_path(const std::string& run_file) { return run_file + ".before-resume"; }

}  // namespace

std::optional<ResumePoint> find_resume_point(const std::string& path) {
  ResumePoint point;
  point.checkpoint_path = is_checkpoint_file(path) ? path : checkpoint_path_for(path);
  std::error_code error;
  if (!fs::exists(point.checkpoint_path, error) && fs::exists(path, error)) {
    try {
      if (read_recorded_run(path).status == "complete") {
        std::fprintf(stderr, "error: --resume %s: that run is complete; there is nothing to resume\n", path.c_str());
        return std::nullopt;
      }
    } catch (const std::runtime_error&) {  // not a run's file: said below
    }
  }
  if (!fs::exists(point.checkpoint_path, error)) {
    std::fprintf(stderr, "error: --resume %s: no checkpoint there%s (runs write them with --checkpoint-every)\n",
                 path.c_str(), point.checkpoint_path == path ? "" : (" nor at " + point.checkpoint_path).c_str());
    return std::nullopt;
  }
  try {
    point.checkpoint = read_checkpoint(point.checkpoint_path);
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "error: --resume: %s\n", e.what());
    return std::nullopt;
  }
  point.run_file = (fs::path(point.checkpoint_path).parent_path() / point.checkpoint.info.run_file).string();
  return point;
}

std::optional<PreparedRun> prepare_resumed_run(const RunOptions& options, const ResumePoint& point) {
  const CheckpointInfo& info = point.checkpoint.info;
  std::vector<std::string> overrides = info.overrides;
  if (options.threads) overrides.push_back("simulation.threads=" + std::to_string(*options.threads));
  ExperimentSpec spec;
  ExperimentTasks tasks;
  try {
    spec = load_experiment_text(info.experiment_text, info.experiment_path, overrides, &tasks);
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "error: the checkpoint's experiment: %s\n", e.what());
    return std::nullopt;
  }
  std::printf("resuming %s from %g ms (checkpoint %s, written by the %s engine)\n", point.run_file.c_str(),
              static_cast<double>(point.checkpoint.state.step) * spec.dt_ms, point.checkpoint_path.c_str(),
              info.backend.c_str());
  return prepare_loaded_run(options, std::move(spec), std::move(tasks));
}

std::unique_ptr<RunRecording> resumed_recording(const ResumePoint& point, const Simulation& simulation,
                                                const std::vector<ReadoutStreamSpec>& readouts) {
  const std::string aside = set_aside_path(point.run_file);
  std::error_code error;
  // A resume killed before it finished carrying over left the earlier file aside: it is still the one.
  if (!fs::exists(aside, error)) {
    if (!fs::exists(point.run_file, error)) throw std::runtime_error("the run's file " + point.run_file + " is missing");
    fs::rename(point.run_file, aside, error);
    if (error) throw std::runtime_error("cannot move " + point.run_file + " aside: " + error.message());
  }
  const RecordedRun earlier = read_recorded_run(aside);
  auto recording = std::make_unique<RunRecording>(point.run_file, simulation, readouts);
  recording->carry_over(earlier, point.checkpoint.state.step, simulation);
  fs::remove(aside, error);
  return recording;
}

}  // namespace snn

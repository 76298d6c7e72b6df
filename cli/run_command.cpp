// `snn run` and `snn validate`: load, build, simulate, record, summarize.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "cli/checkpointed_run.hpp"
#include "cli/commands.hpp"
#include "cli/progress_display.hpp"
#include "cli/run_readouts.hpp"
#include "cli/run_resumption.hpp"
#include "cli/run_setup.hpp"
#include "cli/stop_on_signal.hpp"
#include "core/memory_estimate.hpp"
#include "io/experiment_error.hpp"
#include "io/experiment_loader.hpp"
#include "io/experiment_scaling.hpp"
#include "io/layer_model_spec.hpp"
#include "io/run_recording.hpp"

namespace snn {
namespace {

std::string default_output(const std::string& experiment) {
  std::string stem = experiment.substr(experiment.find_last_of('/') + 1);
  const size_t dot = stem.rfind('.');
  if (dot != std::string::npos) stem.resize(dot);
  return stem + ".h5";
}

double gib(uint64_t bytes) { return bytes / 1073741824.0; }

// What stops the run from writing `output`, found before anything is built: "" when nothing.
std::string output_problem(const std::string& output, const std::string& experiment) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (fs::exists(output, error) && fs::equivalent(output, experiment, error))
    return "the output " + output + " is the experiment file itself; name another with -o";
  const fs::path folder = fs::path(output).parent_path().empty() ? fs::path(".") : fs::path(output).parent_path();
  if (!fs::is_directory(folder, error)) return "cannot write " + output + ": the folder " + folder.string() + " does not exist";
  if (access(folder.c_str(), W_OK) != 0) return "cannot write " + output + ": the folder " + folder.string() + " is not writable";
  return "";
}

// What the network needs on either engine, what this machine has, and the largest scale that fits
// (experiments with a `scale` constant).
void print_memory_needs(const std::string& experiment, const std::vector<std::string>& overrides, const ExperimentSpec& spec) {
  const uint64_t host = expected_host_bytes(spec), gpu = expected_state_bytes(spec);
  std::printf("memory: %.3g GiB on the host for the CPU engine, %.3g GiB on the GPU for the CUDA engine (%llu synapses)\n",
              gib(host), gib(gpu), static_cast<unsigned long long>(expected_synapse_count(spec)));
  const RecordingEstimate recording = expected_recording(spec);
  if (recording.bytes > 0)
    std::printf("output: %.3g GiB of sampled state and weights besides the spikes (most: %s)%s\n", recording.bytes / 1073741824.0,
                recording.largest.c_str(), recording.bytes > kLargeRecordingBytes ? "; snn run needs --allow-large-output" : "");
  const uint64_t ram = host_available_bytes();
  const uint64_t gpu_free = gpu_free_bytes();
  char gpu_text[64] = "no usable GPU";
  if (gpu_free > 0) std::snprintf(gpu_text, sizeof gpu_text, "%.3g GiB free on the GPU", gib(gpu_free));
  std::printf("this machine: %.3g GiB of free memory, %s\n", gib(ram), gpu_text);
  if (const auto scale = largest_scale_within(experiment, overrides, ram, MemoryOf::kHost))
    std::printf("largest scale that fits here: %.3g on the CPU engine", *scale);
  else
    return;
  if (gpu_free > 0)
    if (const auto scale = largest_scale_within(experiment, overrides, gpu_free, MemoryOf::kGpu))
      std::printf(", %.3g on the CUDA engine", *scale);
  std::printf(" (--set constants.scale=...)\n");
}

// Whether the file system holding `path` has (almost) no room left: what a failed write most likely met.
bool disk_is_full(const std::string& path) {
  std::error_code error;
  const std::filesystem::path folder = std::filesystem::absolute(path, error).parent_path();
  const std::filesystem::space_info space = std::filesystem::space(folder, error);
  return !error && space.available < (uint64_t(16) << 20);
}

// Checkpoints beside the run's file every --checkpoint-every (a resumed run: as often as before, unless
// given anew).
CheckpointPlan checkpoint_plan(const RunOptions& options, const std::optional<ResumePoint>& resume, const std::string& output,
                               const Simulation& simulation) {
  CheckpointPlan plan;
  const ExperimentSpec& spec = simulation.spec();
  plan.info.interval_ms = options.checkpoint_every_ms ? *options.checkpoint_every_ms : resume ? resume->checkpoint.info.interval_ms : 0.0;
  if (plan.info.interval_ms <= 0.0) return plan;
  plan.every_steps = std::max<uint64_t>(1, static_cast<uint64_t>(std::llround(plan.info.interval_ms / spec.dt_ms)));
  plan.path = resume ? resume->checkpoint_path : checkpoint_path_for(output);
  plan.info.experiment_path = std::filesystem::absolute(spec.source_path).string();
  plan.info.experiment_text = spec.source_text;
  plan.info.overrides = spec.source_overrides;
  plan.info.run_file = std::filesystem::path(output).filename().string();
  plan.info.backend = simulation.engine().backend_name();
  return plan;
}

}  // namespace

std::vector<std::string> effective_overrides(const RunOptions& options) {
  std::vector<std::string> overrides = options.overrides;
  if (options.seed) overrides.push_back("simulation.seed=" + std::to_string(*options.seed));
  if (options.duration_ms) {
    char text[64];
    std::snprintf(text, sizeof text, "simulation.duration=%.17g", *options.duration_ms);
    overrides.push_back(text);
  }
  if (options.threads) overrides.push_back("simulation.threads=" + std::to_string(*options.threads));
  return overrides;
}

bool is_layer_model_file(const std::string& path) {
  std::ifstream file{path};
  if (!file) return false;
  std::stringstream text;
  text << file.rdbuf();
  return is_layer_model_text(text.str());
}

int validate_command(const std::string& experiment, const std::vector<std::string>& overrides) {
  try {
    if (is_layer_model_file(experiment)) {
      const LayerModelSpec spec = load_layer_model(experiment);
      std::printf("%s: valid (layer model '%s': %s on %s)\n", experiment.c_str(), spec.kind.c_str(), spec.weights.c_str(),
                  spec.data.c_str());
      return 0;
    }
    const ExperimentSpec spec = load_experiment_file(experiment, overrides);
    uint64_t neurons = 0;
    for (const auto& p : spec.populations) neurons += p.size;
    std::printf("%s: valid (%zu populations, %llu neurons, %zu projections, %zu inputs; dt %g ms, %g ms)\n",
                experiment.c_str(), spec.populations.size(), static_cast<unsigned long long>(neurons),
                spec.projections.size(), spec.inputs.size(), spec.dt_ms, spec.duration_ms);
    print_memory_needs(experiment, overrides, spec);
    return 0;
  } catch (const ExperimentError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}

int run_command(const RunOptions& options) {
  std::optional<ResumePoint> resume;
  std::string output;
  if (!options.resume.empty()) {
    resume = find_resume_point(options.resume);
    if (!resume) return 1;
    output = resume->run_file;
  } else {
    if (options.experiment.empty()) {
      std::fprintf(stderr, "error: snn run needs an experiment file, or --resume with a run's checkpoint\n");
      return 2;
    }
    if (is_layer_model_file(options.experiment)) return run_layer_model(options);
    if (options.experiment.size() > 4 && options.experiment.compare(options.experiment.size() - 4, 4, ".nir") == 0)
      return run_nir_graph(options);
    output = options.output.empty() ? default_output(options.experiment) : options.output;
    if (const std::string problem = output_problem(output, options.experiment); !problem.empty()) {
      std::fprintf(stderr, "error: %s\n", problem.c_str());
      return 1;
    }
    std::error_code error;
    if (std::filesystem::exists(output, error)) std::printf("note: replacing the existing %s\n", output.c_str());
  }
  std::optional<PreparedRun> prepared = resume ? prepare_resumed_run(options, *resume) : prepare_run(options);
  if (!prepared) return 1;
  PreparedRun& run = *prepared;
  const ExperimentSpec& spec = run.spec;
  // Host readouts (FORCE learning) compute on the recording's thread, beside the engine; their samples
  // are written as they come.
  const std::vector<std::unique_ptr<HostReadout>> readouts = make_host_readouts(spec, run.tasks.readouts);
  std::vector<ReadoutStreamSpec> readout_streams;
  for (const auto& r : readouts)
    readout_streams.push_back({r->settings().name, r->settings().force ? "force" : "spikes", r->settings().outputs});
  const std::unique_ptr<Simulation> simulation = start_simulation(run);
  if (!simulation) return 1;
  StopOnSignal stop;  // before the file exists: a signal from then on closes it cleanly
  std::unique_ptr<RunRecording> recording;
  try {
    if (resume) {
      simulation->restore_state(resume->checkpoint.state);
      for (const auto& r : readouts) r->restore(resume->checkpoint.state);
      recording = resumed_recording(*resume, *simulation, readout_streams);
    } else {
      recording = std::make_unique<RunRecording>(output, *simulation, readout_streams);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  for (size_t k = 0; k < readouts.size(); ++k) {
    readouts[k]->set_sink([&recording, k](uint64_t step, const float* values, const float* teacher) {
      recording->on_readout(k, step, values, teacher);
    });
    recording->add_background(readouts[k].get());
  }
  const CheckpointPlan checkpoints = checkpoint_plan(options, resume, output, *simulation);
  ProgressDisplay progress(spec.dt_ms, options.progress && isatty(STDERR_FILENO));
  ObserverList observers;
  observers.add(recording.get());
  observers.add(&progress);
  observers.add(&stop);
  const std::optional<double> wall = run_with_checkpoints(*simulation, observers, *recording, readouts, checkpoints);
  progress.finish();
  if (!wall) return 1;
  const double run_seconds = *wall;
  try {
    recording->finish(*simulation, run_seconds);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "\nerror: writing %s: %s%s; the run stopped at %g ms and the file holds it up to its last flush "
                 "(snn info %s)\n", output.c_str(), e.what(), disk_is_full(output) ? " (the disk is full)" : "",
                 simulation->time_ms(), output.c_str());
    return 1;
  }

  const double simulated_seconds = simulation->time_ms() * 1e-3;
  const bool finished = simulation->current_step() >= simulation->total_steps();
  if (stop.signal() != 0)
    std::printf("stopped by signal %d at %g ms of %g ms; the file holds the run up to there (status interrupted)%s\n",
                stop.signal(), simulation->time_ms(), spec.duration_ms,
                checkpoints.every_steps > 0 ? ("; snn run --resume " + checkpoints.path + " continues it").c_str() : "");
  else if (finished && checkpoints.every_steps > 0)
    std::remove(checkpoints.path.c_str());  // the run is whole: nothing is left to resume
  const double resumed_seconds = resume ? static_cast<double>(resume->checkpoint.state.step) * spec.dt_ms * 1e-3 : 0.0;
  std::printf("simulated %g s in %.3f s wall (real-time factor %.3f) on the %s backend%s\n", simulated_seconds - resumed_seconds,
              run_seconds, simulated_seconds > resumed_seconds ? run_seconds / (simulated_seconds - resumed_seconds) : 0.0,
              simulation->engine().backend_name(), resume ? " since the checkpoint" : "");
  print_summary(simulation->summaries(), spec);
  print_trial_summary(readouts, spec, run.tasks);
  std::printf("spikes written to %s\n", output.c_str());
  return stop.signal() != 0 ? 128 + stop.signal() : 0;
}

}  // namespace snn

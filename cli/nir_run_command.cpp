// `snn run MODEL.nir --input DATA`: a NIR graph run on its data (CPU or CUDA), written as a layer run.
#include <cstdio>
#include <map>
#include <unistd.h>

#include "cli/commands.hpp"
#include "cli/progress_display.hpp"
#include "cli/run_setup.hpp"
#include "cli/stop_on_signal.hpp"
#include "nir/nir_reader.hpp"
#include "nir/nir_run.hpp"

namespace snn {
namespace {

// Each Input node's data: `--input FILE` for a graph of one, `--input NODE=FILE` for each of several.
std::vector<NirInputData> read_graph_inputs(const NirProgram& program, const std::vector<std::string>& given, const NirInputOptions& options) {
  std::map<std::string, std::string> files;
  for (const std::string& entry : given) {
    const size_t equals = entry.find('=');
    const bool named = equals != std::string::npos && program.find(entry.substr(0, equals)) != nullptr;
    if (!named && program.inputs.size() == 1) files[program.ops[program.inputs[0]].path] = entry;
    else if (named) files[entry.substr(0, equals)] = entry.substr(equals + 1);
    else throw NirError(program.path + ": " + std::to_string(program.inputs.size()) + " Input nodes: give --input NODE=FILE for each");
  }
  std::vector<NirInputData> data;
  for (int input : program.inputs) {
    const NirOp& op = program.ops[input];
    const auto file = files.find(op.path);
    if (file == files.end()) throw NirError(program.path + ": no --input " + op.path + "=FILE for the Input node '" + op.path + "'");
    data.push_back(read_nir_input(file->second, op.output_shape, options));
  }
  return data;
}

}  // namespace

int run_nir_graph(const RunOptions& options) {
  try {
    if (options.nir_inputs.empty()) {
      std::fprintf(stderr, "error: snn run %s needs --input DATA (.npy, .h5 events or IDX images)\n", options.experiment.c_str());
      return 2;
    }
    const double dt = options.nir_dt_ms * 1e-3;
    const NirProgram program = compile_nir(read_nir_file(options.experiment), dt);
    NirInputOptions input_options;
    input_options.dt = dt;
    input_options.steps = options.nir_steps;
    input_options.batch_first = options.batch_first;
    input_options.most_samples = options.nir_samples;
    const std::vector<NirInputData> inputs = read_graph_inputs(program, options.nir_inputs, input_options);
    const NirInputData& data = inputs.front();
    NirRunOptions run_options;
    run_options.discretisation = parse_nir_discretisation(options.discretisation);
    run_options.backend = choose_backend(options.backend) == "cuda" ? NirBackend::kCuda : NirBackend::kCpu;
    run_options.threads = options.threads.value_or(0);
    run_options.record_spikes = options.record_spikes;
    std::printf("%s: %zu nodes (NIR %s), %lld samples of %lld steps of %g ms, %s discretisation, %s runner\n", options.experiment.c_str(),
                program.ops.size(), program.version.c_str(), static_cast<long long>(data.batch), static_cast<long long>(data.steps),
                options.nir_dt_ms, options.discretisation.c_str(),
                run_options.backend == NirBackend::kCuda ? "CUDA" : "CPU");
    StopOnSignal stop;
    ProgressDisplay progress(options.nir_dt_ms, options.progress && isatty(STDERR_FILENO));
    const NirRunResult run = run_nir(program, inputs, run_options, [&](int64_t step) {
      progress.on_progress(static_cast<uint64_t>(step), static_cast<uint64_t>(data.steps));
      return !stop.stop_requested();
    });
    progress.finish();
    std::printf("%lld steps x %lld samples in %.3f s%s\n", static_cast<long long>(run.steps), static_cast<long long>(run.batch),
                run.wall_time_s, run.stopped ? " (stopped by a signal: the steps run so far are written)" : "");
    for (size_t i = 0; i < program.ops.size(); ++i) {
      const NirOp& op = program.ops[i];
      const NirOpCounts& c = run.counts[i];
      if (op.spiking() && c.output_values > 0)
        std::printf("  %-26s firing rate %.4f\n", op.path.c_str(), double(c.output_nonzero) / double(c.output_values));
    }
    std::string output = options.output;
    if (output.empty()) {
      output = options.experiment.substr(options.experiment.find_last_of('/') + 1);
      output = output.substr(0, output.rfind('.')) + ".h5";
    }
    write_nir_run(output, program, run, run_options);
    std::printf("wrote %s (outputs per step, per-node counts, the energy architecture: snn energy %s)\n", output.c_str(), output.c_str());
    return run.stopped ? 130 : 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}

}  // namespace snn

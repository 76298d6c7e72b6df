#include "nir/nir_run.hpp"

#include <chrono>
#include <sstream>

#include "nir/cuda/nir_cuda_runner.hpp"

namespace snn {

namespace {

// Each input's values as bytes where every value of every input is 0 or 1 (spikes); else none.
std::vector<std::vector<uint8_t>> spike_bytes(const std::vector<NirInputData>& data) {
  for (const NirInputData& d : data)
    for (float v : d.values)
      if (v != 0.0f && v != 1.0f) return {};
  std::vector<std::vector<uint8_t>> bytes;
  for (const NirInputData& d : data) bytes.emplace_back(d.values.begin(), d.values.end());
  return bytes;
}

}  // namespace

NirRunResult run_nir(const NirProgram& program, const std::vector<NirInputData>& data, const NirRunOptions& options,
                     const std::function<bool(int64_t)>& keep_going) {
  if (data.size() != program.inputs.size())
    throw NirError(program.path + ": " + std::to_string(program.inputs.size()) + " Input nodes but data for " + std::to_string(data.size()));
  for (size_t k = 0; k < data.size(); ++k) {
    const NirOp& input = program.ops[program.inputs[k]];
    if (data[k].size != input.output_size())
      throw NirError(program.path + ": the data for Input '" + input.path + "' has " + std::to_string(data[k].size) +
                     " values per step and sample, the node " + std::to_string(input.output_size()));
    if (data[k].steps != data[0].steps || data[k].batch != data[0].batch)
      throw NirError(program.path + ": the data for Input '" + input.path + "' has " + std::to_string(data[k].steps) + " steps of " +
                     std::to_string(data[k].batch) + " samples, that for '" + program.ops[program.inputs[0]].path + "' " +
                     std::to_string(data[0].steps) + " of " + std::to_string(data[0].batch));
  }
  const int64_t steps = data.empty() ? 0 : data[0].steps, batch = data.empty() ? 1 : data[0].batch;
  NirRunResult run;
  run.batch = batch;
  run.outputs.resize(program.outputs.size());
  run.spikes.resize(program.ops.size());
  // Steps until the data ends or keep_going says stop, timed: `step(t)` runs step t and collects its
  // results, `finish` what a runner still holds.
  const auto run_steps = [&](const auto& step, const auto& finish) {
    const auto start = std::chrono::steady_clock::now();
    for (int64_t t = 0; t < steps; ++t) {
      if (keep_going && !keep_going(t)) {
        run.stopped = true;
        break;
      }
      step(t);
      ++run.steps;
    }
    finish();
    run.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  const auto count = [&](const auto& runner) {
    for (size_t i = 0; i < program.ops.size(); ++i) run.counts.push_back(runner.counts(static_cast<int>(i)));
  };
  std::vector<const float*> step_values(data.size());
  if (options.backend == NirBackend::kCuda) {
    NirCudaRunner runner(program, batch, options.discretisation, options.record_spikes);
    // Spikes go to the GPU as bytes, a quarter of the copying; made here, the one place that wants them.
    const std::vector<std::vector<uint8_t>> bytes = spike_bytes(data);
    std::vector<const uint8_t*> step_bytes(data.size());
    run_steps(
        [&](int64_t t) {
          for (size_t k = 0; k < data.size(); ++k) {
            step_values[k] = data[k].at(t);
            if (!bytes.empty()) step_bytes[k] = bytes[k].data() + data[k].offset(t);
          }
          if (bytes.empty()) runner.step(step_values);
          else runner.step(step_bytes);
        },
        [&] { runner.take_history(run.outputs, run.spikes); });  // the device kept them until now
    count(runner);
    return run;
  }
  NirCpuRunner runner(program, batch, options.discretisation, options.threads);
  run_steps([&](int64_t t) {
    for (size_t k = 0; k < data.size(); ++k) step_values[k] = data[k].at(t);
    runner.step(step_values);
    for (size_t k = 0; k < program.outputs.size(); ++k) {
      const std::vector<float>& values = runner.values(program.outputs[k]);
      run.outputs[k].insert(run.outputs[k].end(), values.begin(), values.end());
    }
    if (options.record_spikes)
      for (size_t i = 0; i < program.ops.size(); ++i)
        if (program.ops[i].spiking())
          for (float value : runner.values(static_cast<int>(i))) run.spikes[i].push_back(value != 0.0f);
  }, [] {});
  count(runner);
  return run;
}

std::string nir_energy_architecture(const NirProgram& program, const NirRunResult& run, const std::string& name) {
  std::ostringstream yaml;
  yaml.precision(9);
  yaml << "# " << name << ": a NIR graph's weighted layers with the input rates measured by snn run\n"
       << "name: \"" << name << "\"\n"
       << "time_steps: " << run.steps << "\n"
       << "snn: {weights: fp32, state: fp32}\n"
       << "baselines: [fp32, fp16, int8, int4, binary]\n"
       << "layers:\n";
  for (size_t i = 0; i < program.ops.size(); ++i) {
    const NirOp& op = program.ops[i];
    if (op.kind != NirOpKind::kAffine && op.kind != NirOpKind::kLinear && op.kind != NirOpKind::kConv) continue;
    const NirOpCounts& c = run.counts[i];
    const int64_t fan_in = op.kind == NirOpKind::kConv ? op.window.in_channels / op.window.groups * op.window.kernel_h * op.window.kernel_w
                                                         : op.input_shape.back();
    const int64_t connections = op.output_size() * fan_in + (op.arrays.count("bias") ? op.output_size() : 0);
    yaml << "  - {name: \"" << op.path << "\", type: custom, inputs: " << op.input_size() << ", outputs: " << op.output_size()
         << ", connections: " << connections;
    // Real-valued input (data, or a leaky integrator's voltage) is multiplied at every step; whole
    // numbers are spikes, a sum pool's counts of them accumulated as often as they count.
    if (c.input_analog > 0) yaml << ", analog_input: true}\n";
    else yaml << ", rate: " << (c.input_values ? double(c.input_events) / double(c.input_values) : 0.0) << "}\n";
  }
  return yaml.str();
}

}  // namespace snn

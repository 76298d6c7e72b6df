#include "nir/nir_run.hpp"

#include <chrono>
#include <sstream>
#include <type_traits>

#include "nir/cuda/nir_cuda_runner.hpp"

namespace snn {

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
  // Steps the runner until the data ends or keep_going says stop; `after_step` collects each step's results.
  const auto run_steps = [&](auto& runner, const auto& after_step) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<const float*> step_data(data.size());
    std::vector<const uint8_t*> step_bytes(data.size());
    // The GPU takes spikes as bytes: a quarter of the copying (the CPU reads the floats in place).
    bool bytes = std::is_same_v<std::decay_t<decltype(runner)>, NirCudaRunner>;
    for (const NirInputData& d : data) bytes = bytes && !d.binary.empty();
    for (int64_t t = 0; t < steps; ++t) {
      if (keep_going && !keep_going(t)) {
        run.stopped = true;
        break;
      }
      if (bytes) {
        for (size_t k = 0; k < data.size(); ++k) step_bytes[k] = data[k].binary_at(t);
        if constexpr (std::is_same_v<std::decay_t<decltype(runner)>, NirCudaRunner>) runner.step(step_bytes);
      } else {
        for (size_t k = 0; k < data.size(); ++k) step_data[k] = data[k].at(t);
        runner.step(step_data);
      }
      after_step(runner);
      ++run.steps;
    }
    if constexpr (std::is_same_v<std::decay_t<decltype(runner)>, NirCudaRunner>) runner.take_history(run.outputs, run.spikes);
    run.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (size_t i = 0; i < program.ops.size(); ++i) run.counts.push_back(runner.counts(static_cast<int>(i)));
  };
  if (options.backend == NirBackend::kCuda) {
    // The device keeps the outputs (and spikes) until the end.
    NirCudaRunner runner(program, batch, options.discretisation, options.record_spikes);
    run_steps(runner, [](NirCudaRunner&) {});
    return run;
  }
  NirCpuRunner runner(program, batch, options.discretisation, options.threads);
  run_steps(runner, [&](NirCpuRunner& cpu) {
    for (size_t k = 0; k < program.outputs.size(); ++k) {
      const std::vector<float>& values = cpu.values(program.outputs[k]);
      run.outputs[k].insert(run.outputs[k].end(), values.begin(), values.end());
    }
    if (options.record_spikes)
      for (size_t i = 0; i < program.ops.size(); ++i)
        if (program.ops[i].spiking())
          for (float value : cpu.values(static_cast<int>(i))) run.spikes[i].push_back(value != 0.0f);
  });
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

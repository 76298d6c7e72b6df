#pragma once
// A NIR graph run over its input data: the outputs of every step, what each op saw and fired (for
// the energy estimate), and optionally every spiking op's spikes. Written to HDF5 in the layout of
// the layer models' runs (models/layer_run_record.hpp) plus the traces:
//   /outputs/logits          [batch, size]: the first Output node's values summed over the steps
//   /outputs/<Output node>   [steps, batch, *shape]: each Output node's values at every step
//   /spikes/<op path>        [steps, batch, *shape] uint8: spikes, where recorded
//   /layers/<k>              attributes name (op path), input_nonzero, input_values, spikes, spike_values
// and the root attributes of a layer run (kind "layer_model", model = the NIR file) with dt,
// discretisation and energy_architecture, so that `snn energy RUN.h5` prices it.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "nir/nir_cpu_runner.hpp"
#include "nir/nir_input.hpp"

namespace snn {

enum class NirBackend { kCpu, kCuda };

struct NirRunOptions {
  NirDiscretisation discretisation = NirDiscretisation::kExact;
  NirBackend backend = NirBackend::kCpu;  // both give the same bits
  int threads = 0;                        // the CPU runner's
  bool record_spikes = false;
};

struct NirRunResult {
  int64_t steps = 0, batch = 0;
  double wall_time_s = 0;
  std::vector<std::vector<float>> outputs;   // per program.outputs: [steps, batch, size]
  std::vector<std::vector<uint8_t>> spikes;  // per op: [steps, batch, size] for spiking ops where recorded
  std::vector<NirOpCounts> counts;           // per op
  bool stopped = false;                      // `keep_going` said stop: the steps run so far
};

// Runs `program` over `data`, one for each of program.inputs in that order (the same steps and
// batch); `keep_going(step)` is asked before each step.
NirRunResult run_nir(const NirProgram& program, const std::vector<NirInputData>& data, const NirRunOptions& options,
                     const std::function<bool(int64_t)>& keep_going = {});

// The run's architecture for the energy estimator (docs/energy.md): every Affine, Linear and
// convolution with its connections and its input's measured rate (analog where its input was not
// spikes), time_steps the run's steps.
std::string nir_energy_architecture(const NirProgram& program, const NirRunResult& run, const std::string& name);

void write_nir_run(const std::string& path, const NirProgram& program, const NirRunResult& run, const NirRunOptions& options);

}  // namespace snn

#pragma once
// Runs a compiled NIR graph on the GPU, a batch of samples at a time, giving the CPU runner's bits
// (nir_cpu_runner.hpp): every weighted sum runs over its non-zero inputs in the CPU's order and adds
// the bias last, the neurons step through the same function (nir_neuron_step.hpp), and nothing is
// contracted into fused multiply-adds. Each step is a short sequence of kernels on one stream, one
// per op in run order (ops that only pass their input on share its memory); the step's outputs and,
// where kept, the spikes of every spiking op stay on the device until take_history asks for them.
#include <cstdint>
#include <memory>
#include <vector>

#include "nir/nir_discretisation.hpp"
#include "nir/nir_op_counts.hpp"
#include "nir/nir_program.hpp"

namespace snn {

class NirCudaRunner {
 public:
  NirCudaRunner(const NirProgram& program, int64_t batch, NirDiscretisation scheme, bool keep_spikes = false);
  ~NirCudaRunner();
  NirCudaRunner(const NirCudaRunner&) = delete;
  NirCudaRunner& operator=(const NirCudaRunner&) = delete;

  // One step; inputs[k] holds [batch, size] host values for program.inputs[k]. Returns once the step
  // is queued: its inputs are copied through page-locked buffers while the step before still runs.
  void step(const std::vector<const float*>& inputs);
  // The same for inputs whose every value is 0 or 1, given as bytes (NirInputData::binary): a quarter
  // of the bytes to copy, widened to floats on the GPU.
  void step(const std::vector<const uint8_t*>& inputs);

  int64_t batch() const;
  int64_t steps_run() const;
  // An op's output of the last step, [batch, output size] (waits for it).
  std::vector<float> values(int op) const;
  // A neuron op's membrane potential after the last step, in the node's units; empty for others.
  std::vector<float> voltages(int op) const;
  NirOpCounts counts(int op) const;
  // Appends the outputs of the steps run since the last call ([steps, batch, size] per
  // program.outputs) and, where kept, every spiking op's spikes (per op; empty for the others).
  void take_history(std::vector<std::vector<float>>& outputs, std::vector<std::vector<uint8_t>>& spikes);
  uint64_t device_bytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace snn

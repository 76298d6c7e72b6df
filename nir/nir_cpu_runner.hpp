#pragma once
// Runs a compiled NIR graph on the CPU, step by step, for a batch of independent samples (threads
// share out the samples, so the result does not depend on their number). Each step every op reads
// the sum of its sources (this step's values, or the previous step's along an edge that closes a
// cycle), in run order; a Delay of at least one step stores its input once the step is done. Weighted sums skip zero inputs, which leaves every sum's bits as they are
// (adding +0 changes nothing) and makes spiking inputs cheap; each output's sum runs over its inputs in
// ascending order and adds the bias last.
#include <cstdint>
#include <vector>

#include "nir/nir_discretisation.hpp"
#include "nir/nir_op_counts.hpp"
#include "nir/nir_program.hpp"

namespace snn {

class NirCpuRunner {
 public:
  NirCpuRunner(const NirProgram& program, int64_t batch, NirDiscretisation scheme, int threads = 0);

  // One step; inputs[k] holds [batch, size] values for program.inputs[k].
  void step(const std::vector<const float*>& inputs);

  int64_t batch() const { return batch_; }
  int64_t steps_run() const { return steps_; }
  // An op's output of the last step, [batch, output size]: spikes (0 or 1) for spiking ops.
  const std::vector<float>& values(int op) const { return values_[op]; }
  // A neuron op's membrane potential after the last step (after any reset), in the node's own
  // units, [batch, size]; empty for ops without one.
  std::vector<float> voltages(int op) const;
  NirOpCounts counts(int op) const;

 private:
  struct Neuron {
    NeuronSteps steps;
    std::vector<float> v, current;  // [batch, size], in the scheme's units
  };
  struct DelayLine {
    int32_t slots = 1;
    std::vector<float> history;  // [slots, batch, size]
  };

  const float* gather(int op, int64_t sample, std::vector<float>& scratch) const;
  void run_op(int op, int64_t sample, const float* in, std::vector<int64_t>& nonzero, uint64_t* counts);
  void store_delay_input(int op, int64_t sample, const float* in);
  static void count_input(const float* in, int64_t size, uint64_t* counts);

  const NirProgram& program_;
  int64_t batch_;
  int threads_;
  int64_t steps_ = 0;
  std::vector<std::vector<float>> values_;
  std::vector<Neuron> neurons_;     // per op (empty for others)
  std::vector<DelayLine> delays_;   // per op
  std::vector<uint64_t> counts_;    // [batch, ops, 6]: input nonzero, values, output nonzero, values, input events, analog
};

}  // namespace snn

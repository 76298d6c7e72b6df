#pragma once
// Inputs for one neuron and one step, shared by both engines, each kind's own functions
// (core/inputs/): events go into the ring slot of the current step (fixed point, like recurrent
// input); currents are summed in the order the experiment lists the inputs, so the float sum is the
// same on every backend.
#include <cstdint>

#include "core/foundation/random_stream.hpp"
#include "core/inputs/input_kinds.hpp"

namespace snn {

struct InputView {
  InputKindId kind;  // its place in the input kinds' list (core/inputs/input_kinds.hpp)
  bool events;       // events into port `port` (Poisson), else a current
  uint32_t port;
  uint64_t start_step, stop_step;
  const float* mean_events;
  const float* exp_minus_mean;
  const float* weight;
  const float* amplitude;
  const uint64_t* step_changes;
  const float* step_amplitudes;
  uint32_t step_change_count;
  float mean, sd;
  RandomStream stream;
  const float* item_values;  // direct: items x neurons, in pA
  uint32_t item_count, size;
  uint64_t presentation_steps;
};

SNN_HD bool input_active(const InputView& in, uint64_t step) { return step >= in.start_step && step < in.stop_step; }

// Event inputs: the fixed-point input to add to neuron i's ring cell for this step.
SNN_HD int64_t input_events(const InputView& in, uint32_t i, uint64_t step) {
  return visit_input_kind<int64_t>(in.kind, [&](auto kind) { return decltype(kind)::Kind::events(in, i, step); });
}

// Current inputs: the current (pA) this input injects into neuron i during this step.
SNN_HD float input_current(const InputView& in, uint32_t i, uint64_t step) {
  return visit_input_kind<float>(in.kind, [&](auto kind) { return decltype(kind)::Kind::current(in, i, step); });
}

}  // namespace snn

#pragma once
// Inputs for one neuron and one step, shared by both engines: Poisson events go into the ring slot
// of the current step (fixed point, like recurrent input); currents are summed in the order the
// experiment lists the inputs, so the float sum is the same on every backend.
#include <cstdint>

#include "core/experiment_spec.hpp"
#include "core/foundation/fixed_point.hpp"
#include "core/foundation/random_stream.hpp"

namespace snn {

struct InputView {
  InputKind kind;
  uint32_t port;  // Poisson: the target port
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

// Poisson: the fixed-point input to add to neuron i's ring cell for this step.
SNN_HD int64_t poisson_input(const InputView& in, uint32_t i, uint64_t step) {
  const uint32_t events = poisson_count(in.stream, i, step, in.mean_events[i], in.exp_minus_mean[i]);
  return static_cast<int64_t>(events) * to_fixed_point(in.weight[i]);
}

// Current inputs: the current (pA) this input injects into neuron i during this step.
SNN_HD float input_current(const InputView& in, uint32_t i, uint64_t step) {
  switch (in.kind) {
    case InputKind::kConstantCurrent: return in.amplitude[i];
    case InputKind::kStepCurrent: {
      float value = 0.0f;
      for (uint32_t k = 0; k < in.step_change_count && in.step_changes[k] <= step; ++k) value = in.step_amplitudes[k];
      return value;
    }
    case InputKind::kNoiseCurrent: {
      const PhiloxBlock b = in.stream.block(i, step);
      return in.mean + in.sd * normal_from_bits(b.v[0], b.v[1]);
    }
    case InputKind::kDirect: {
      const uint64_t item = (step / in.presentation_steps) % in.item_count;
      return in.item_values[item * in.size + i];
    }
    case InputKind::kPoisson: break;
  }
  return 0.0f;
}

}  // namespace snn

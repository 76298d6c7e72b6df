#pragma once
// A third factor per post-synaptic neuron: the error of a readout neuron against its target, optionally
// multiplied by an attention gate (a global modulator, plasticity/modulator.hpp):
//   M_j(t) = g(t) * (y_j(t) - z_j(t))
// z_j is readout neuron j's spike train and y_j the mean spike train of its group of target neurons (a
// teacher population, `group` neurons per readout neuron), both filtered alike: x <- x exp(-dt/tau) + 1
// at each spike. With a presynaptic eligibility (three_factor.hpp), dw = eta dt M_j e is the delta rule
// of a spiking readout: the weights move until the readout's rate follows the expected target, so a
// target that comes with probability p is answered at p times its rate. A step's update of neuron j is
// one thread's work on either backend, after the global modulators (the gate) have been stepped.
#include <cstdint>

#include "core/foundation/host_device.hpp"
#include "plasticity/modulator.hpp"

namespace snn {

struct ReadoutErrorView {
  uint32_t readout_count;  // neurons of the readout population
  uint32_t group;          // target neurons per readout neuron: j's are [j * group, (j + 1) * group)
  float decay;             // exp(-dt / tau) of both filters
  const uint64_t* readout_spike_steps;
  const uint64_t* target_spike_steps;
  const ModulatorView* gate;  // null: no gate
  // State, each readout neuron's written by one thread.
  float* readout_trace;
  float* target_trace;
  float* value;  // M_j after the step
};

SNN_HD void step_readout_error(const ReadoutErrorView& r, uint32_t j, uint64_t step) {
  const float z = r.readout_trace[j] * r.decay + (r.readout_spike_steps[j] == step ? 1.0f : 0.0f);
  uint32_t fired = 0;
  for (uint32_t k = j * r.group; k < (j + 1) * r.group; ++k) fired += r.target_spike_steps[k] == step ? 1u : 0u;
  const float y = r.target_trace[j] * r.decay + static_cast<float>(fired) / static_cast<float>(r.group);
  r.readout_trace[j] = z;
  r.target_trace[j] = y;
  const float gate = r.gate != nullptr ? modulator_value(*r.gate) : 1.0f;
  r.value[j] = gate * (y - z);
}

}  // namespace snn

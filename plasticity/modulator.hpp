#pragma once
// A global neuromodulator, the third factor of three-factor learning (plasticity/three_factor.hpp):
// a level that decays with its own time constant (dopamine in Izhikevich 2007: tau = 200 ms) on top
// of a constant tonic value, raised by pulses. Pulses come at times fixed in advance (an experiment's
// schedule or a file), or are computed from the network as it runs: a reward condition grants a pulse,
// after a random delay, each time its post-synaptic neuron fires shortly after its pre-synaptic one
// (the distal reward problem). A step's update is one thread's work on either backend, so the level
// and the rewards are the same bits on both.
#include <cstdint>

#include "core/foundation/host_device.hpp"
#include "core/foundation/random_stream.hpp"

namespace snn {

constexpr uint64_t kNeverFired = ~uint64_t(0);  // a neuron's last spike step before its first spike

// The reward condition: a pulse of `amount` when `post_neuron` fires 1 to window_steps - 1 steps after
// `pre_neuron` last fired, delivered delay_min_steps + U{0..delay_span_steps} steps later.
struct RewardView {
  const uint64_t* pre_spike_steps;   // last spike step of each neuron of the pre population
  const uint64_t* post_spike_steps;
  uint32_t pre_neuron, post_neuron, window_steps;
  uint32_t delay_min_steps, delay_span_steps;
  float amount;
  RandomStream delays;  // one draw per rewarded step
};

struct ModulatorView {
  float decay, tonic;
  const uint64_t* pulse_steps;  // scheduled pulses, sorted by step
  const float* pulse_amounts;
  uint32_t pulse_count;
  uint32_t due_slots;  // 0 without a reward condition; else the longest delay + 1
  RewardView reward;
  // State, written by the one thread that steps the modulator.
  float* level;          // above the tonic value
  uint32_t* next_pulse;  // first scheduled pulse not yet given
  float* due;            // rewards granted and not yet given, by step modulo due_slots
  uint64_t* rewards;     // rewards granted so far
};

SNN_HD float modulator_value(const ModulatorView& m) { return m.tonic + *m.level; }

// The level at `step`, after that step's spikes: decayed, then raised by the pulses due now; a reward
// earned by this step's spikes is booked for later.
SNN_HD void step_modulator(const ModulatorView& m, uint64_t step) {
  float level = *m.level * m.decay;
  uint32_t k = *m.next_pulse;
  for (; k < m.pulse_count && m.pulse_steps[k] <= step; ++k)
    if (m.pulse_steps[k] == step) level += m.pulse_amounts[k];
  *m.next_pulse = k;
  if (m.due_slots > 0) {
    float& due = m.due[step % m.due_slots];
    level += due;
    due = 0.0f;
    const RewardView& r = m.reward;
    const uint64_t pre = r.pre_spike_steps[r.pre_neuron];
    if (r.post_spike_steps[r.post_neuron] == step && pre != kNeverFired && pre < step && step - pre < r.window_steps) {
      const uint32_t bits = r.delays.block(0, step).v[0];
      uint32_t extra = static_cast<uint32_t>(uniform_from_bits(bits) * (r.delay_span_steps + 1.0f));
      if (extra > r.delay_span_steps) extra = r.delay_span_steps;  // float rounding at the top end
      const uint32_t delay = r.delay_min_steps + extra;
      m.due[(step + delay) % m.due_slots] += r.amount;
      ++*m.rewards;
    }
  }
  *m.level = level;
}

}  // namespace snn

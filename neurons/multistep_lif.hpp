#pragma once
// The spiking neurons of the layer models (spiking transformers, SpikeGPT): dimensionless LIF and
// parametric LIF stepped over T time steps (or, in SpikeGPT, over the tokens of a sequence), one
// independent neuron per element. Charge, fire, reset as SpikingJelly's LIFNode and
// ParametricLIFNode, in the operation order of its fused multi-step kernels, so that a model trained
// there gives the same spikes here:
//   decay_input, hard reset:  H = V + (X - V + V_reset) / tau
//   decay_input, soft reset:  H = V + (X - V) / tau
//   no decay_input, hard:     H = V - (V - V_reset) / tau + X
//   no decay_input, soft:     H = V (1 - 1/tau) + X
//   S = H >= V_th;  V = S ? (hard ? V_reset : H - V_th) : H
// The parametric LIF learns 1/tau = sigmoid(w) (SpikingJelly initialises w = -ln(tau0 - 1)).
#include <cstdint>

#include "core/foundation/deterministic_math.hpp"
#include "core/foundation/host_device.hpp"

namespace snn {

struct MultiStepLif {
  float reciprocal_tau = 0.5f;  // 1/tau (tau = 2, SpikingJelly's default)
  float v_threshold = 1.0f;
  float v_reset = 0.0f;         // the hard reset's potential (and the start of every sequence)
  bool hard_reset = true;       // false: subtract the threshold (SpikingJelly's v_reset=None)
  bool decay_input = true;
};

// 1/tau of a parametric LIF with learned parameter w.
SNN_HD float parametric_lif_reciprocal_tau(float w) { return 1.0f / (1.0f + det_exp(-w)); }

SNN_HD float lif_charge(const MultiStepLif& n, float v, float x) {
  if (n.decay_input) return n.hard_reset ? v + n.reciprocal_tau * (x - v + n.v_reset) : v + n.reciprocal_tau * (x - v);
  return n.hard_reset ? v - n.reciprocal_tau * (v - n.v_reset) + x : v * (1.0f - n.reciprocal_tau) + x;
}

SNN_HD bool lif_fire(const MultiStepLif& n, float h) { return h >= n.v_threshold; }

SNN_HD float lif_reset(const MultiStepLif& n, float h, bool spike) {
  if (!spike) return h;
  return n.hard_reset ? n.v_reset : h - n.v_threshold;
}

// One step of one neuron: updates v and returns the spike (0 or 1, as the layers add it).
SNN_HD float multistep_lif_step(const MultiStepLif& n, float& v, float x) {
  const float h = lif_charge(n, v, x);
  const bool spike = lif_fire(n, h);
  v = lif_reset(n, h, spike);
  return spike ? 1.0f : 0.0f;
}

// Neuron `element` over `steps` steps: input x[t * stride + element], spikes written alike; returns
// the number of spikes. v carries the potential in and out (v_reset at the start of a sequence).
SNN_HD uint32_t multistep_lif_run(const MultiStepLif& n, float& v, const float* x, float* spikes, uint32_t steps,
                        uint64_t stride, uint64_t element) {
  uint32_t fired = 0;
  for (uint32_t t = 0; t < steps; ++t) {
    const float s = multistep_lif_step(n, v, x[t * stride + element]);
    spikes[t * stride + element] = s;
    fired += s != 0.0f;
  }
  return fired;
}

}  // namespace snn

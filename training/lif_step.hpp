#pragma once
// One LIF neuron's step forward and backward through time (lif_layer.hpp states the equations): the
// same code in the CPU layers and in the CUDA trainer's kernels (training/cuda/), so that given the
// same input both give the same potentials, spikes and gradients, bit for bit.
#include "core/foundation/host_device.hpp"
#include "training/surrogate.hpp"

namespace snn::training {

enum class ResetKind { kHard, kSoft };

// What a step needs of LifSettings, in the layer's number type (device code reads it by value).
template <typename Real>
struct LifStepRule {
  Real threshold;
  bool hard_reset, detach_reset, smooth_forward;
  Surrogate surrogate;

  SNN_HD Real spike(Real u) const {
    return smooth_forward ? surrogate.primitive(u - threshold) : (u - threshold > Real(0) ? Real(1) : Real(0));
  }
  // The membrane after the step's reset.
  SNN_HD Real reset(Real u, Real s) const { return hard_reset ? u * (Real(1) - s) : u - threshold * s; }
  // The loss's gradient with respect to u_t, from the spike's (ds) and the next step's membrane's (dm).
  SNN_HD Real potential_gradient(Real u, Real s, Real ds, Real dm) const {
    const Real slope = surrogate.gradient(u - threshold);
    Real dm_du = hard_reset ? Real(1) - s : Real(1);
    if (!detach_reset) dm_du -= (hard_reset ? u : threshold) * slope;
    return ds * slope + dm * dm_du;
  }
};

}  // namespace snn::training

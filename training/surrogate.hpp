#pragma once
// Surrogate gradients of the spike (Heaviside of v - threshold) for training by backpropagation
// through time, as snnTorch and SpikingJelly define them (x = v - threshold):
//   fast sigmoid (snnTorch surrogate.fast_sigmoid, slope k = 25):  dS/dx = 1 / (k |x| + 1)^2
//   arctan (snnTorch surrogate.atan and SpikingJelly surrogate.ATan, alpha = 2):
//                                                  dS/dx = (alpha / 2) / (1 + (pi / 2 alpha x)^2)
// and a smooth function whose derivative each is (`primitive`), which tests run forward in place of
// the step to check the backward pass against finite differences.
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/foundation/host_device.hpp"

namespace snn::training {

enum class SurrogateKind { kFastSigmoid, kArctan };

struct Surrogate {
  SurrogateKind kind = SurrogateKind::kFastSigmoid;
  double scale = 25.0;  // fast sigmoid: slope k; arctan: alpha

  // Host and device (training/cuda/) run this same code, so both round alike.
  template <typename Real>
  SNN_HD Real gradient(Real x) const {
    if (kind == SurrogateKind::kFastSigmoid) {
      const Real d = static_cast<Real>(scale) * (x < Real(0) ? -x : x) + Real(1);
      return Real(1) / (d * d);
    }
    const Real a = static_cast<Real>(scale), z = static_cast<Real>(M_PI / 2) * a * x;
    return a / Real(2) / (Real(1) + z * z);
  }

  template <typename Real>
  SNN_HD Real primitive(Real x) const {
    if (kind == SurrogateKind::kFastSigmoid) return x / (static_cast<Real>(scale) * (x < Real(0) ? -x : x) + Real(1));
#if defined(__CUDA_ARCH__)
    return atan(static_cast<Real>(M_PI / 2 * scale) * x) / static_cast<Real>(M_PI) + Real(0.5);
#else
    return std::atan(static_cast<Real>(M_PI / 2 * scale) * x) / static_cast<Real>(M_PI) + Real(0.5);
#endif
  }
};

inline Surrogate parse_surrogate(const std::string& name, double scale = 0) {
  if (name == "fast_sigmoid") return {SurrogateKind::kFastSigmoid, scale > 0 ? scale : 25.0};
  if (name == "arctan" || name == "atan") return {SurrogateKind::kArctan, scale > 0 ? scale : 2.0};
  throw std::invalid_argument("unknown surrogate '" + name + "'; known: fast_sigmoid, arctan");
}

}  // namespace snn::training

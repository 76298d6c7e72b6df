#pragma once
// A leaky integrator without spikes (snnTorch's Leaky with no threshold, NIR's LI): u_t = beta u_{t-1}
// + x_t, its potential the output; a classifier's readout for the membrane loss.
#include <cstdint>

#include "training/layer.hpp"

namespace snn::training {

template <typename Real>
class LiLayer : public Layer<Real> {
 public:
  LiLayer(int64_t width, double beta) : width_(width), beta_(static_cast<Real>(beta)) {}

  Sequence<Real> forward(const Sequence<Real>& x) override {
    Sequence<Real> u(x.steps, x.batch, width_);
    for (int64_t b = 0; b < x.batch; ++b)
      for (int64_t k = 0; k < width_; ++k) {
        Real v = 0;
        for (int64_t t = 0; t < x.steps; ++t) u.at(t, b)[k] = v = beta_ * v + x.at(t, b)[k];
      }
    return u;
  }

  Sequence<Real> backward(const Sequence<Real>& dy) override {
    Sequence<Real> dx(dy.steps, dy.batch, width_);
    for (int64_t b = 0; b < dy.batch; ++b)
      for (int64_t k = 0; k < width_; ++k) {
        Real carried = 0;
        for (int64_t t = dy.steps - 1; t >= 0; --t) dx.at(t, b)[k] = carried = dy.at(t, b)[k] + beta_ * carried;
      }
    return dx;
  }

  std::string describe() const override { return "LI " + std::to_string(width_); }
  Real beta() const { return beta_; }
  int64_t width() const { return width_; }

 private:
  int64_t width_;
  Real beta_;
};

}  // namespace snn::training

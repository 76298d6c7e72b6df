#pragma once
// A layer of leaky integrate-and-fire neurons over a sequence, stepped as snnTorch's Leaky
// (reset_delay off) is:
//   u_t = beta m_{t-1} + x_t;  s_t = H(u_t - threshold);
//   m_t = u_t (1 - s_t) (hard reset, to zero) or u_t - threshold s_t (soft reset, subtraction)
// with m_0 = 0. Backward runs through time with the surrogate's derivative in place of H's; with
// detach_reset (snnTorch's and SpikingJelly's option) the reset's dependence on u is left out. With
// learn_beta the decay is sigmoid(w) for a learnt w per neuron (the parametric LIF of Fang et al.
// 2021, in this form). smooth_forward fires the surrogate's primitive instead of H, so that the
// backward pass is the exact gradient of the forward one (what the gradient checks test).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "training/layer.hpp"
#include "training/lif_step.hpp"

namespace snn::training {

// Below this many neuron-steps a pass runs on one thread.
constexpr int64_t kParallelNeuronSteps = 1 << 14;
// Neurons a thread walks through the steps together.
constexpr int64_t kNeuronBlock = 256;

// `s` shaped as `like`, its values left to be overwritten (no zeroing, no new allocation when the
// shape repeats, as it does batch after batch).
template <typename Real>
void reshape(Sequence<Real>& s, const Sequence<Real>& like) {
  s.steps = like.steps, s.batch = like.batch, s.width = like.width;
  s.values.resize(like.values.size());
}

struct LifSettings {
  double beta = 0.9, threshold = 1.0;
  ResetKind reset = ResetKind::kSoft;
  Surrogate surrogate;
  bool detach_reset = true;
  bool learn_beta = false;
  bool smooth_forward = false;

  template <typename Real>
  LifStepRule<Real> rule() const {
    return {static_cast<Real>(threshold), reset == ResetKind::kHard, detach_reset, smooth_forward, surrogate};
  }
};

template <typename Real>
class LifLayer : public Layer<Real> {
 public:
  LifLayer(int64_t width, LifSettings settings) : width_(width), s_(settings) {
    const Real w = static_cast<Real>(std::log(settings.beta / (1.0 - settings.beta)));  // sigmoid(w) = beta
    beta_weight_ = {"beta", {width}, std::vector<Real>(static_cast<size_t>(width), w), std::vector<Real>(static_cast<size_t>(width))};
  }

  Real beta(int64_t k) const {
    return s_.learn_beta ? Real(1) / (Real(1) + std::exp(-beta_weight_.value[k])) : static_cast<Real>(s_.beta);
  }
  std::vector<Real> decays() const {
    std::vector<Real> d(static_cast<size_t>(width_));
    for (int64_t k = 0; k < width_; ++k) d[k] = beta(k);
    return d;
  }

  // Neurons in blocks, each block walked step by step: every step's values of a block are contiguous
  // (the sequence is [steps, batch, width]), and each neuron's arithmetic is the same as one walked
  // alone.
  Sequence<Real> forward(const Sequence<Real>& x) override {
    reshape(potential_, x);
    reshape(spikes_, x);
    const LifStepRule<Real> rule = s_.template rule<Real>();
    const std::vector<Real> decay = decays();
    const int64_t items = x.batch * width_;
#pragma omp parallel for schedule(static) if (x.rows() * width_ > kParallelNeuronSteps)
    for (int64_t first = 0; first < items; first += kNeuronBlock) {
      const int64_t last = std::min(items, first + kNeuronBlock);
      Real m[kNeuronBlock] = {};
      for (int64_t t = 0; t < x.steps; ++t) {
        const Real* in = x.values.data() + t * items;
        Real* u_out = potential_.values.data() + t * items;
        Real* s_out = spikes_.values.data() + t * items;
        for (int64_t i = first, k = first % width_; i < last; ++i, k = k + 1 == width_ ? 0 : k + 1) {
          const Real u = decay[k] * m[i - first] + in[i];
          const Real s = rule.spike(u);
          u_out[i] = u;
          s_out[i] = s;
          m[i - first] = rule.reset(u, s);
        }
      }
    }
    return spikes_;
  }

  Sequence<Real> backward(const Sequence<Real>& ds) override {
    Sequence<Real> dx;
    reshape(dx, ds);
    const LifStepRule<Real> rule = s_.template rule<Real>();
    const std::vector<Real> decay = decays();
    const int64_t items = ds.batch * width_;
    std::vector<Real> beta_gradient(static_cast<size_t>(items), Real(0));
#pragma omp parallel for schedule(static) if (ds.rows() * width_ > kParallelNeuronSteps)
    for (int64_t first = 0; first < items; first += kNeuronBlock) {
      const int64_t last = std::min(items, first + kNeuronBlock);
      Real dm[kNeuronBlock] = {};  // the loss's gradient with respect to m_t, from the steps after t
      for (int64_t t = ds.steps - 1; t >= 0; --t) {
        const Real *u = potential_.values.data() + t * items, *s = spikes_.values.data() + t * items, *g = ds.values.data() + t * items;
        Real* d = dx.values.data() + t * items;
        for (int64_t i = first, k = first % width_; i < last; ++i, k = k + 1 == width_ ? 0 : k + 1) {
          const Real du = rule.potential_gradient(u[i], s[i], g[i], dm[i - first]);
          d[i] = du;
          if (t > 0) beta_gradient[i] += du * rule.reset(u[i - items], s[i - items]);
          dm[i - first] = decay[k] * du;
        }
      }
    }
    if (s_.learn_beta)
      for (int64_t k = 0; k < width_; ++k) {
        Real sum = 0;
        for (int64_t b = 0; b < ds.batch; ++b) sum += beta_gradient[b * width_ + k];
        const Real decay = beta(k);
        beta_weight_.gradient[k] += sum * decay * (Real(1) - decay);
      }
    return dx;
  }

  std::vector<Parameter<Real>*> parameters() override {
    if (s_.learn_beta) return {&beta_weight_};
    return {};
  }
  std::string describe() const override {
    return std::string(s_.learn_beta ? "PLIF " : "LIF ") + std::to_string(width_) + " (" + (s_.reset == ResetKind::kHard ? "hard" : "soft") +
           " reset, " + (s_.surrogate.kind == SurrogateKind::kArctan ? "arctan" : "fast sigmoid") + ")";
  }
  const Sequence<Real>& spikes() const { return spikes_; }
  const LifSettings& settings() const { return s_; }
  int64_t width() const { return width_; }

 private:
  int64_t width_;
  LifSettings s_;
  Parameter<Real> beta_weight_;
  Sequence<Real> potential_, spikes_;
};

}  // namespace snn::training

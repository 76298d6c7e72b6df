#pragma once
// A recurrent layer of LIF neurons, as snnTorch's RLeaky (all_to_all, reset_delay off) steps it: each
// neuron also receives the layer's spikes of the step before through a linear map V (with bias):
//   u_t = beta m_{t-1} + x_t + V s_{t-1} + c;  s_t = H(u_t - threshold);  m_t as in LifLayer.
// Backward runs through time: the spikes' gradient at step t gathers the loss's and V^T times the
// potential's gradient at t + 1. V starts as nn.Linear starts (uniform in +-1/sqrt(n)).
#include <cmath>
#include <cstdint>
#include <random>

#include "training/lif_layer.hpp"

namespace snn::training {

template <typename Real>
class RecurrentLifLayer : public Layer<Real> {
 public:
  RecurrentLifLayer(int64_t width, LifSettings settings, uint64_t seed) : n_(width), s_(settings) {
    const size_t nn = static_cast<size_t>(width * width);
    recurrent_ = {"recurrent.weight", {width, width}, std::vector<Real>(nn), std::vector<Real>(nn)};
    bias_ = {"recurrent.bias", {width}, std::vector<Real>(static_cast<size_t>(width)), std::vector<Real>(static_cast<size_t>(width))};
    std::mt19937_64 random(seed);
    const double bound = 1.0 / std::sqrt(static_cast<double>(width));
    std::uniform_real_distribution<double> uniform(-bound, bound);
    for (Real& w : recurrent_.value) w = static_cast<Real>(uniform(random));
    for (Real& b : bias_.value) b = static_cast<Real>(uniform(random));
  }

  Sequence<Real> forward(const Sequence<Real>& x) override {
    potential_ = Sequence<Real>(x.steps, x.batch, n_);
    spikes_ = Sequence<Real>(x.steps, x.batch, n_);
    const LifStepRule<Real> rule = s_.template rule<Real>();
    const Real beta = static_cast<Real>(s_.beta);
#pragma omp parallel for schedule(static) if (x.rows() * n_ * n_ > kParallelNeuronSteps * 64)
    for (int64_t b = 0; b < x.batch; ++b) {
      std::vector<Real> m(static_cast<size_t>(n_), Real(0));
      for (int64_t t = 0; t < x.steps; ++t) {
        const Real* previous = t > 0 ? spikes_.at(t - 1, b) : nullptr;
        for (int64_t k = 0; k < n_; ++k) {
          Real recurrent = 0;
          if (previous != nullptr)
            for (int64_t j = 0; j < n_; ++j) recurrent += recurrent_.value[k * n_ + j] * previous[j];
          const Real u = beta * m[k] + x.at(t, b)[k] + (recurrent + bias_.value[k]);
          const Real s = rule.spike(u);
          potential_.at(t, b)[k] = u;
          spikes_.at(t, b)[k] = s;
          m[k] = rule.reset(u, s);
        }
      }
    }
    return spikes_;
  }

  Sequence<Real> backward(const Sequence<Real>& ds) override {
    Sequence<Real> dx(ds.steps, ds.batch, n_), du_all(ds.steps, ds.batch, n_);
    const LifStepRule<Real> rule = s_.template rule<Real>();
    const Real beta = static_cast<Real>(s_.beta);
#pragma omp parallel for schedule(static) if (ds.rows() * n_ * n_ > kParallelNeuronSteps * 64)
    for (int64_t b = 0; b < ds.batch; ++b) {
      std::vector<Real> dm(static_cast<size_t>(n_), Real(0)), from_next(static_cast<size_t>(n_), Real(0));
      for (int64_t t = ds.steps - 1; t >= 0; --t) {
        for (int64_t k = 0; k < n_; ++k) {
          const Real du = rule.potential_gradient(potential_.at(t, b)[k], spikes_.at(t, b)[k], ds.at(t, b)[k] + from_next[k], dm[k]);
          du_all.at(t, b)[k] = du;
          dx.at(t, b)[k] = du;
          dm[k] = beta * du;
        }
        // The spikes of step t - 1 reached every neuron at step t through V.
        std::fill(from_next.begin(), from_next.end(), Real(0));
        for (int64_t k = 0; k < n_; ++k)
          for (int64_t j = 0; j < n_; ++j) from_next[j] += recurrent_.value[k * n_ + j] * du_all.at(t, b)[k];
      }
    }
    for (int64_t k = 0; k < n_; ++k) {
      Real db = 0;
      for (int64_t t = 0; t < ds.steps; ++t)
        for (int64_t b = 0; b < ds.batch; ++b) {
          const Real du = du_all.at(t, b)[k];
          db += du;
          if (t > 0)
            for (int64_t j = 0; j < n_; ++j) recurrent_.gradient[k * n_ + j] += du * spikes_.at(t - 1, b)[j];
        }
      bias_.gradient[k] += db;
    }
    return dx;
  }

  std::vector<Parameter<Real>*> parameters() override { return {&recurrent_, &bias_}; }
  std::string describe() const override { return "recurrent LIF " + std::to_string(n_); }
  int64_t width() const { return n_; }
  const LifSettings& settings() const { return s_; }

 private:
  int64_t n_;
  LifSettings s_;
  Parameter<Real> recurrent_, bias_;
  Sequence<Real> potential_, spikes_;
};

}  // namespace snn::training

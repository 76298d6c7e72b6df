#pragma once
// A fully connected layer applied at every step: y = W x + b, W [out, in]. Initialised as PyTorch's
// nn.Linear (uniform in +-1/sqrt(in), weights and bias) from a seeded generator. Sums run in a fixed
// order (inputs ascending; the weight gradient over steps, then samples), so training is the same bit
// for bit run after run and for any thread count.
#include <cmath>
#include <cstdint>
#include <random>

#include "training/layer.hpp"

namespace snn::training {

// Below this many multiply-adds a pass runs on one thread: waking the others costs more.
constexpr int64_t kParallelWork = 1 << 16;

template <typename Real>
class LinearLayer : public Layer<Real> {
 public:
  LinearLayer(int64_t in, int64_t out, bool bias, uint64_t seed) : in_(in), out_(out), has_bias_(bias) {
    weight_ = {"weight", {out, in}, std::vector<Real>(static_cast<size_t>(out * in)), std::vector<Real>(static_cast<size_t>(out * in))};
    bias_ = {"bias", {out}, std::vector<Real>(static_cast<size_t>(out)), std::vector<Real>(static_cast<size_t>(out))};
    std::mt19937_64 random(seed);
    const double bound = 1.0 / std::sqrt(static_cast<double>(in));
    std::uniform_real_distribution<double> uniform(-bound, bound);
    for (Real& w : weight_.value) w = static_cast<Real>(uniform(random));
    for (Real& b : bias_.value) b = has_bias_ ? static_cast<Real>(uniform(random)) : Real(0);
  }

  Sequence<Real> forward(const Sequence<Real>& x) override {
    input_ = x;
    Sequence<Real> y(x.steps, x.batch, out_);
    // The weights by input ([in][out]), so that the loops run along outputs and vectorize, while each
    // output still sums its inputs in ascending order; a zero input adds nothing (sums start at +0)
    // and is passed over: spikes are mostly zeros.
    std::vector<Real> transposed(static_cast<size_t>(in_ * out_));
    for (int64_t o = 0; o < out_; ++o)
      for (int64_t i = 0; i < in_; ++i) transposed[i * out_ + o] = weight_.value[o * in_ + i];
#pragma omp parallel for schedule(static) if (x.rows() * out_ * in_ > kParallelWork)
    for (int64_t r = 0; r < x.rows(); ++r) {
      const Real* xr = x.row(r);
      Real* yr = y.row(r);
      std::fill(yr, yr + out_, Real(0));
      for (int64_t i = 0; i < in_; ++i) {
        const Real v = xr[i];
        if (v == Real(0)) continue;
        const Real* w = transposed.data() + i * out_;
        for (int64_t o = 0; o < out_; ++o) yr[o] += w[o] * v;
      }
      for (int64_t o = 0; o < out_; ++o) yr[o] = yr[o] + bias_.value[o];
    }
    return y;
  }

  Sequence<Real> backward(const Sequence<Real>& dy) override {
    const Sequence<Real>& x = input_;
    Sequence<Real> dx(x.steps, x.batch, in_);
#pragma omp parallel for schedule(static) if (x.rows() * out_ * in_ > kParallelWork)
    for (int64_t r = 0; r < x.rows(); ++r) {
      const Real* g = dy.row(r);
      Real* d = dx.row(r);
      for (int64_t o = 0; o < out_; ++o) {
        const Real* w = weight_.value.data() + o * in_;
        if (g[o] != Real(0))
          for (int64_t i = 0; i < in_; ++i) d[i] += w[i] * g[o];
      }
    }
#pragma omp parallel for schedule(static) if (x.rows() * out_ * in_ > kParallelWork)
    for (int64_t o = 0; o < out_; ++o) {
      Real* dw = weight_.gradient.data() + o * in_;
      Real db = 0;
      for (int64_t r = 0; r < x.rows(); ++r) {
        const Real g = dy.row(r)[o];
        if (g == Real(0)) continue;
        const Real* xr = x.row(r);
        for (int64_t i = 0; i < in_; ++i) dw[i] += g * xr[i];
        db += g;
      }
      if (has_bias_) bias_.gradient[o] += db;
    }
    return dx;
  }

  std::vector<Parameter<Real>*> parameters() override {
    if (has_bias_) return {&weight_, &bias_};
    return {&weight_};
  }
  int64_t inputs() const { return in_; }
  int64_t outputs() const { return out_; }
  bool has_bias() const { return has_bias_; }
  const std::vector<Real>& weight() const { return weight_.value; }
  const std::vector<Real>& bias() const { return bias_.value; }
  std::string describe() const override {
    return "linear " + std::to_string(in_) + " -> " + std::to_string(out_) + (has_bias_ ? " (bias)" : "");
  }

 private:
  int64_t in_, out_;
  bool has_bias_;
  Parameter<Real> weight_, bias_;
  Sequence<Real> input_;
};

}  // namespace snn::training

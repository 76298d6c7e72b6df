#pragma once
// A 2-D convolution applied at every step (PyTorch's nn.Conv2d: cross-correlation, square kernel,
// stride, zero padding; weight [out, in, k, k]), on sequences whose width is a [channels, height,
// width] image in row-major order. Initialised as nn.Conv2d (uniform in +-1/sqrt(in k k)). Each
// output sums its window in the order (channel, row, column) and adds the bias last; gradients are
// summed over steps and samples in a fixed order, so training repeats bit for bit.
#include <cmath>
#include <cstdint>
#include <random>

#include "training/layer.hpp"

namespace snn::training {

struct ImageShape {
  int64_t channels = 1, height = 1, width = 1;
  int64_t size() const { return channels * height * width; }
};

template <typename Real>
class Conv2dLayer : public Layer<Real> {
 public:
  Conv2dLayer(ImageShape in, int64_t out_channels, int64_t kernel, int64_t stride, int64_t padding, uint64_t seed)
      : in_(in), k_(kernel), stride_(stride), pad_(padding) {
    out_ = {out_channels, (in.height + 2 * padding - kernel) / stride + 1, (in.width + 2 * padding - kernel) / stride + 1};
    const int64_t fan_in = in.channels * kernel * kernel;
    weight_ = {"weight", {out_channels, in.channels, kernel, kernel}, std::vector<Real>(static_cast<size_t>(out_channels * fan_in)),
               std::vector<Real>(static_cast<size_t>(out_channels * fan_in))};
    bias_ = {"bias", {out_channels}, std::vector<Real>(static_cast<size_t>(out_channels)), std::vector<Real>(static_cast<size_t>(out_channels))};
    std::mt19937_64 random(seed);
    const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
    std::uniform_real_distribution<double> uniform(-bound, bound);
    for (Real& w : weight_.value) w = static_cast<Real>(uniform(random));
    for (Real& b : bias_.value) b = static_cast<Real>(uniform(random));
  }

  ImageShape input_shape() const { return in_; }
  ImageShape output_shape() const { return out_; }
  int64_t kernel() const { return k_; }
  int64_t stride() const { return stride_; }
  int64_t padding() const { return pad_; }
  const std::vector<Real>& weight() const { return weight_.value; }
  const std::vector<Real>& bias() const { return bias_.value; }

  Sequence<Real> forward(const Sequence<Real>& x) override {
    input_ = x;
    Sequence<Real> y(x.steps, x.batch, out_.size());
#pragma omp parallel for schedule(static) if (x.rows() > 1)
    for (int64_t r = 0; r < x.rows(); ++r) {
      const Real* in = x.row(r);
      Real* out = y.row(r);
      for (int64_t o = 0; o < out_.channels; ++o)
        for (int64_t oy = 0; oy < out_.height; ++oy)
          for (int64_t ox = 0; ox < out_.width; ++ox) {
            Real sum = 0;
            for_window(oy, ox, [&](int64_t c, int64_t ky, int64_t kx, int64_t at) { sum += weight(o, c, ky, kx) * in[at]; });
            out[(o * out_.height + oy) * out_.width + ox] = sum + bias_.value[o];
          }
    }
    return y;
  }

  Sequence<Real> backward(const Sequence<Real>& dy) override {
    const Sequence<Real>& x = input_;
    Sequence<Real> dx(x.steps, x.batch, in_.size());
#pragma omp parallel for schedule(static) if (x.rows() > 1)
    for (int64_t r = 0; r < x.rows(); ++r) {
      const Real* g = dy.row(r);
      Real* d = dx.row(r);
      for (int64_t o = 0; o < out_.channels; ++o)
        for (int64_t oy = 0; oy < out_.height; ++oy)
          for (int64_t ox = 0; ox < out_.width; ++ox) {
            const Real go = g[(o * out_.height + oy) * out_.width + ox];
            if (go == Real(0)) continue;
            for_window(oy, ox, [&](int64_t c, int64_t ky, int64_t kx, int64_t at) { d[at] += weight(o, c, ky, kx) * go; });
          }
    }
#pragma omp parallel for schedule(static) if (out_.channels > 1)
    for (int64_t o = 0; o < out_.channels; ++o) {
      Real db = 0;
      for (int64_t r = 0; r < x.rows(); ++r) {
        const Real* g = dy.row(r);
        const Real* in = x.row(r);
        for (int64_t oy = 0; oy < out_.height; ++oy)
          for (int64_t ox = 0; ox < out_.width; ++ox) {
            const Real go = g[(o * out_.height + oy) * out_.width + ox];
            if (go == Real(0)) continue;
            db += go;
            for_window(oy, ox, [&](int64_t c, int64_t ky, int64_t kx, int64_t at) {
              weight_.gradient[((o * in_.channels + c) * k_ + ky) * k_ + kx] += go * in[at];
            });
          }
      }
      bias_.gradient[o] += db;
    }
    return dx;
  }

  std::vector<Parameter<Real>*> parameters() override { return {&weight_, &bias_}; }
  std::string describe() const override {
    return "conv " + std::to_string(in_.channels) + " -> " + std::to_string(out_.channels) + " (" + std::to_string(k_) + "x" +
           std::to_string(k_) + ", stride " + std::to_string(stride_) + ", padding " + std::to_string(pad_) + ")";
  }

 private:
  Real weight(int64_t o, int64_t c, int64_t ky, int64_t kx) const { return weight_.value[((o * in_.channels + c) * k_ + ky) * k_ + kx]; }

  // f(channel, kernel row, kernel column, input index) over the window of output (oy, ox) inside the image.
  template <typename F>
  void for_window(int64_t oy, int64_t ox, F&& f) const {
    for (int64_t c = 0; c < in_.channels; ++c)
      for (int64_t ky = 0; ky < k_; ++ky) {
        const int64_t iy = oy * stride_ - pad_ + ky;
        if (iy < 0 || iy >= in_.height) continue;
        for (int64_t kx = 0; kx < k_; ++kx) {
          const int64_t ix = ox * stride_ - pad_ + kx;
          if (ix >= 0 && ix < in_.width) f(c, ky, kx, (c * in_.height + iy) * in_.width + ix);
        }
      }
  }

  ImageShape in_, out_;
  int64_t k_, stride_, pad_;
  Parameter<Real> weight_, bias_;
  Sequence<Real> input_;
};

}  // namespace snn::training

#pragma once
// A 2-D convolution applied at every step (PyTorch's nn.Conv2d: cross-correlation, square kernel,
// stride, zero padding; weight [out, in, k, k]), on sequences whose width is a [channels, height,
// width] image in row-major order. Initialised as nn.Conv2d (uniform in +-1/sqrt(in k k)). Each
// output sums its window in the order (channel, row, column) and adds the bias last (as the NIR
// runner does, so an exported network spikes as trained); gradients are summed over steps and
// samples in a fixed order, so training repeats bit for bit.
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

  // Each row's windows are laid out once ([position][channel, ky, kx], zeros outside the image) and
  // kept for backward; the loops then run over contiguous memory and vectorize across channels or
  // window cells, while every output still sums its window in the order (channel, ky, kx).
  Sequence<Real> forward(const Sequence<Real>& x) override {
    const int64_t cells = window_cells(), positions = out_.height * out_.width;
    columns_.resize(static_cast<size_t>(x.rows() * positions * cells));
    std::vector<Real> transposed(static_cast<size_t>(cells * out_.channels));  // [cell][output channel]
    for (int64_t o = 0; o < out_.channels; ++o)
      for (int64_t k = 0; k < cells; ++k) transposed[k * out_.channels + o] = weight_.value[o * cells + k];
    Sequence<Real> y(x.steps, x.batch, out_.size());
#pragma omp parallel for schedule(static) if (x.rows() > 1)
    for (int64_t r = 0; r < x.rows(); ++r) {
      Real* columns = columns_.data() + r * positions * cells;
      lay_out_windows(x.row(r), columns);
      Real* out = y.row(r);
      std::vector<Real> sum(static_cast<size_t>(out_.channels));
      for (int64_t p = 0; p < positions; ++p) {
        std::fill(sum.begin(), sum.end(), Real(0));
        const Real* window = columns + p * cells;
        for (int64_t k = 0; k < cells; ++k) {
          const Real v = window[k];
          if (v == Real(0)) continue;  // adds nothing (the sums start at +0): spikes are mostly zeros
          const Real* w = transposed.data() + k * out_.channels;
          for (int64_t o = 0; o < out_.channels; ++o) sum[o] += w[o] * v;
        }
        for (int64_t o = 0; o < out_.channels; ++o) out[o * positions + p] = sum[o] + bias_.value[o];
      }
    }
    return y;
  }

  Sequence<Real> backward(const Sequence<Real>& dy) override {
    const int64_t cells = window_cells(), positions = out_.height * out_.width, rows = dy.rows();
    Sequence<Real> dx(dy.steps, dy.batch, in_.size());
#pragma omp parallel for schedule(static) if (rows > 1)
    for (int64_t r = 0; r < rows; ++r) {
      // The windows' gradient (summed over output channels in order), then each input pixel gathers
      // the cells that read it, in the order (ky, kx).
      const Real* g = dy.row(r);
      std::vector<Real> window_gradient(static_cast<size_t>(positions * cells), Real(0));
      for (int64_t p = 0; p < positions; ++p) {
        Real* d = window_gradient.data() + p * cells;
        for (int64_t o = 0; o < out_.channels; ++o) {
          const Real go = g[o * positions + p];
          if (go == Real(0)) continue;
          const Real* w = weight_.value.data() + o * cells;
          for (int64_t k = 0; k < cells; ++k) d[k] += w[k] * go;
        }
      }
      gather_windows(window_gradient.data(), dx.row(r));
    }
#pragma omp parallel for schedule(static) if (out_.channels > 1)
    for (int64_t o = 0; o < out_.channels; ++o) {
      Real db = 0;
      Real* dw = weight_.gradient.data() + o * cells;
      for (int64_t r = 0; r < rows; ++r) {
        const Real* g = dy.row(r) + o * positions;
        const Real* columns = columns_.data() + r * positions * cells;
        for (int64_t p = 0; p < positions; ++p) {
          const Real go = g[p];
          if (go == Real(0)) continue;
          db += go;
          const Real* window = columns + p * cells;
          for (int64_t k = 0; k < cells; ++k) dw[k] += go * window[k];
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
  int64_t window_cells() const { return in_.channels * k_ * k_; }

  // columns[p][(c * k + ky) * k + kx]: the input under kernel cell (ky, kx) of output position p.
  void lay_out_windows(const Real* in, Real* columns) const {
    for (int64_t oy = 0; oy < out_.height; ++oy)
      for (int64_t ox = 0; ox < out_.width; ++ox) {
        Real* window = columns + (oy * out_.width + ox) * window_cells();
        for (int64_t c = 0; c < in_.channels; ++c)
          for (int64_t ky = 0; ky < k_; ++ky) {
            const int64_t iy = oy * stride_ - pad_ + ky;
            for (int64_t kx = 0; kx < k_; ++kx) {
              const int64_t ix = ox * stride_ - pad_ + kx;
              const bool inside = iy >= 0 && iy < in_.height && ix >= 0 && ix < in_.width;
              *window++ = inside ? in[(c * in_.height + iy) * in_.width + ix] : Real(0);
            }
          }
      }
  }

  // The inverse of lay_out_windows for gradients: each input pixel sums the cells that hold it.
  void gather_windows(const Real* window_gradient, Real* dx) const {
    for (int64_t c = 0; c < in_.channels; ++c)
      for (int64_t iy = 0; iy < in_.height; ++iy)
        for (int64_t ix = 0; ix < in_.width; ++ix) {
          Real sum = 0;
          for (int64_t ky = 0; ky < k_; ++ky) {
            const int64_t sy = iy + pad_ - ky;
            if (sy < 0 || sy % stride_ != 0 || sy / stride_ >= out_.height) continue;
            for (int64_t kx = 0; kx < k_; ++kx) {
              const int64_t sx = ix + pad_ - kx;
              if (sx < 0 || sx % stride_ != 0 || sx / stride_ >= out_.width) continue;
              sum += window_gradient[(sy / stride_ * out_.width + sx / stride_) * window_cells() + (c * k_ + ky) * k_ + kx];
            }
          }
          dx[(c * in_.height + iy) * in_.width + ix] = sum;
        }
  }

  ImageShape in_, out_;
  int64_t k_, stride_, pad_;
  Parameter<Real> weight_, bias_;
  std::vector<Real> columns_;  // the last forward's windows, [row][position][cell]
};

}  // namespace snn::training

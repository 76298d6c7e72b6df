#pragma once
// 2-D pooling at every step (nn.MaxPool2d / nn.AvgPool2d, square window, no padding) on sequences of
// [channels, height, width] images. Max pooling sends the gradient to the window's first largest
// value, as PyTorch does.
#include <cstdint>

#include "training/conv2d_layer.hpp"

namespace snn::training {

enum class PoolKind { kMax, kAverage };

template <typename Real>
class Pool2dLayer : public Layer<Real> {
 public:
  Pool2dLayer(ImageShape in, PoolKind kind, int64_t kernel, int64_t stride) : in_(in), kind_(kind), k_(kernel), stride_(stride) {
    out_ = {in.channels, (in.height - kernel) / stride + 1, (in.width - kernel) / stride + 1};
  }
  ImageShape input_shape() const { return in_; }
  ImageShape output_shape() const { return out_; }
  PoolKind kind() const { return kind_; }
  int64_t kernel() const { return k_; }
  int64_t stride() const { return stride_; }

  Sequence<Real> forward(const Sequence<Real>& x) override {
    Sequence<Real> y(x.steps, x.batch, out_.size());
    chosen_.assign(static_cast<size_t>(x.rows() * out_.size()), 0);
#pragma omp parallel for schedule(static) if (x.rows() > 1)
    for (int64_t r = 0; r < x.rows(); ++r) {
      const Real* in = x.row(r);
      Real* out = y.row(r);
      for (int64_t o = 0; o < out_.size(); ++o) {
        const int64_t c = o / (out_.height * out_.width), oy = o / out_.width % out_.height, ox = o % out_.width;
        Real best = 0, sum = 0;
        int64_t best_at = -1;
        for (int64_t ky = 0; ky < k_; ++ky)
          for (int64_t kx = 0; kx < k_; ++kx) {
            const int64_t at = (c * in_.height + oy * stride_ + ky) * in_.width + ox * stride_ + kx;
            sum += in[at];
            if (best_at < 0 || in[at] > best) best = in[at], best_at = at;
          }
        out[o] = kind_ == PoolKind::kMax ? best : sum / static_cast<Real>(k_ * k_);
        chosen_[r * out_.size() + o] = best_at;
      }
    }
    return y;
  }

  Sequence<Real> backward(const Sequence<Real>& dy) override {
    Sequence<Real> dx(dy.steps, dy.batch, in_.size());
#pragma omp parallel for schedule(static) if (dy.rows() > 1)
    for (int64_t r = 0; r < dy.rows(); ++r) {
      const Real* g = dy.row(r);
      Real* d = dx.row(r);
      for (int64_t o = 0; o < out_.size(); ++o) {
        if (kind_ == PoolKind::kMax) {
          d[chosen_[r * out_.size() + o]] += g[o];
          continue;
        }
        const int64_t c = o / (out_.height * out_.width), oy = o / out_.width % out_.height, ox = o % out_.width;
        for (int64_t ky = 0; ky < k_; ++ky)
          for (int64_t kx = 0; kx < k_; ++kx) d[(c * in_.height + oy * stride_ + ky) * in_.width + ox * stride_ + kx] += g[o] / static_cast<Real>(k_ * k_);
      }
    }
    return dx;
  }

  std::string describe() const override {
    return std::string(kind_ == PoolKind::kMax ? "max" : "average") + " pool " + std::to_string(k_) + "x" + std::to_string(k_);
  }

 private:
  ImageShape in_, out_;
  PoolKind kind_;
  int64_t k_, stride_;
  std::vector<int64_t> chosen_;  // max pooling: each output's input, per row
};

}  // namespace snn::training

#pragma once
// Batch normalisation of [channels, height, width] images at every step (SpikingJelly wraps
// nn.BatchNorm2d so that steps and samples share the statistics): while training, each channel is
// normalised by the mean and variance over steps, samples and positions, then scaled by gamma and
// shifted by beta (learnt); the running mean and variance (momentum 0.1, the variance unbiased, as
// PyTorch keeps them) normalise in evaluation. Sums run in a fixed order. A BatchNorm after a
// convolution is folded into it for export (trained_nir.hpp): W' = W g / sqrt(var + eps),
// b' = (b - mean) g / sqrt(var + eps) + beta.
#include <cmath>
#include <cstdint>

#include "training/conv2d_layer.hpp"

namespace snn::training {

template <typename Real>
class BatchNormLayer : public Layer<Real> {
 public:
  BatchNormLayer(ImageShape shape, double epsilon = 1e-5, double momentum = 0.1) : shape_(shape), eps_(epsilon), momentum_(momentum) {
    const size_t c = static_cast<size_t>(shape.channels);
    gamma_ = {"weight", {shape.channels}, std::vector<Real>(c, Real(1)), std::vector<Real>(c)};
    beta_ = {"bias", {shape.channels}, std::vector<Real>(c, Real(0)), std::vector<Real>(c)};
    running_mean_ = {"running_mean", {shape.channels}, std::vector<Real>(c, Real(0)), {}};
    running_var_ = {"running_var", {shape.channels}, std::vector<Real>(c, Real(1)), {}};
  }

  void set_training(bool training) override { training_ = training; }

  Sequence<Real> forward(const Sequence<Real>& x) override {
    const int64_t plane = shape_.height * shape_.width, count = x.rows() * plane;
    Sequence<Real> y(x.steps, x.batch, x.width);
    normalised_ = Sequence<Real>(x.steps, x.batch, x.width);
    inverse_std_.assign(static_cast<size_t>(shape_.channels), Real(0));
    for (int64_t c = 0; c < shape_.channels; ++c) {
      Real mean = running_mean_.value[c], variance = running_var_.value[c];
      if (training_) {
        double sum = 0, squares = 0;
        for (int64_t r = 0; r < x.rows(); ++r)
          for (int64_t k = 0; k < plane; ++k) sum += x.row(r)[c * plane + k];
        mean = static_cast<Real>(sum / count);
        for (int64_t r = 0; r < x.rows(); ++r)
          for (int64_t k = 0; k < plane; ++k) {
            const double d = x.row(r)[c * plane + k] - mean;
            squares += d * d;
          }
        variance = static_cast<Real>(squares / count);
        running_mean_.value[c] = static_cast<Real>((1 - momentum_) * running_mean_.value[c] + momentum_ * mean);
        running_var_.value[c] =
            static_cast<Real>((1 - momentum_) * running_var_.value[c] + momentum_ * variance * count / std::max<int64_t>(count - 1, 1));
      }
      const Real inverse = Real(1) / std::sqrt(variance + static_cast<Real>(eps_));
      inverse_std_[c] = inverse;
      for (int64_t r = 0; r < x.rows(); ++r)
        for (int64_t k = 0; k < plane; ++k) {
          const int64_t at = c * plane + k;
          const Real n = (x.row(r)[at] - mean) * inverse;
          normalised_.row(r)[at] = n;
          y.row(r)[at] = gamma_.value[c] * n + beta_.value[c];
        }
    }
    return y;
  }

  Sequence<Real> backward(const Sequence<Real>& dy) override {
    const int64_t plane = shape_.height * shape_.width, count = dy.rows() * plane;
    Sequence<Real> dx(dy.steps, dy.batch, dy.width);
    for (int64_t c = 0; c < shape_.channels; ++c) {
      double sum_dy = 0, sum_dy_n = 0;
      for (int64_t r = 0; r < dy.rows(); ++r)
        for (int64_t k = 0; k < plane; ++k) {
          const int64_t at = c * plane + k;
          sum_dy += dy.row(r)[at];
          sum_dy_n += dy.row(r)[at] * normalised_.row(r)[at];
        }
      gamma_.gradient[c] += static_cast<Real>(sum_dy_n);
      beta_.gradient[c] += static_cast<Real>(sum_dy);
      const Real g = gamma_.value[c] * inverse_std_[c];
      for (int64_t r = 0; r < dy.rows(); ++r)
        for (int64_t k = 0; k < plane; ++k) {
          const int64_t at = c * plane + k;
          // Evaluation: a fixed affine map. Training: the batch statistics depend on x too.
          dx.row(r)[at] = training_ ? g * (dy.row(r)[at] - static_cast<Real>(sum_dy / count) -
                                           normalised_.row(r)[at] * static_cast<Real>(sum_dy_n / count))
                                    : g * dy.row(r)[at];
        }
    }
    return dx;
  }

  std::vector<Parameter<Real>*> parameters() override { return {&gamma_, &beta_}; }
  std::vector<Parameter<Real>*> buffers() override { return {&running_mean_, &running_var_}; }
  std::string describe() const override { return "batch norm " + std::to_string(shape_.channels); }
  double epsilon() const { return eps_; }
  double momentum() const { return momentum_; }
  ImageShape shape() const { return shape_; }
  const Parameter<Real>& gamma() const { return gamma_; }
  const Parameter<Real>& beta() const { return beta_; }
  const Parameter<Real>& running_mean() const { return running_mean_; }
  const Parameter<Real>& running_var() const { return running_var_; }

 private:
  ImageShape shape_;
  double eps_, momentum_;
  bool training_ = true;
  Parameter<Real> gamma_, beta_, running_mean_, running_var_;
  Sequence<Real> normalised_;
  std::vector<Real> inverse_std_;
};

}  // namespace snn::training

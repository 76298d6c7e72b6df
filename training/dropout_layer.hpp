#pragma once
// Dropout for sequences (SpikingJelly's multi-step dropout): while training, each sample's values are
// kept with probability 1 - p and scaled by 1 / (1 - p), with one mask for all of a sample's steps (a
// neuron dropped stays dropped for the whole sequence); in evaluation it passes values on. Masks come
// from a generator seeded by the layer's seed and a count of the batches it has seen, so training
// repeats bit for bit.
#include <cstdint>
#include <random>

#include "training/layer.hpp"

namespace snn::training {

template <typename Real>
class DropoutLayer : public Layer<Real> {
 public:
  DropoutLayer(int64_t width, double p, uint64_t seed) : width_(width), p_(p), seed_(seed) {}

  void set_training(bool training) override { training_ = training; }

  Sequence<Real> forward(const Sequence<Real>& x) override {
    if (!training_ || p_ <= 0) return x;
    draw_mask(x.batch);
    Sequence<Real> y = x;
    for (int64_t t = 0; t < x.steps; ++t)
      for (int64_t b = 0; b < x.batch; ++b)
        for (int64_t k = 0; k < width_; ++k) y.at(t, b)[k] *= mask_[b * width_ + k];
    return y;
  }

  Sequence<Real> backward(const Sequence<Real>& dy) override {
    if (!training_ || p_ <= 0) return dy;
    Sequence<Real> dx = dy;
    for (int64_t t = 0; t < dy.steps; ++t)
      for (int64_t b = 0; b < dy.batch; ++b)
        for (int64_t k = 0; k < width_; ++k) dx.at(t, b)[k] *= mask_[b * width_ + k];
    return dx;
  }

  // The next training batch's mask, [batch, width]: 0 or 1 / (1 - p). The CUDA trainer draws its
  // masks here too, so that both draw the same.
  const std::vector<Real>& draw_mask(int64_t batch) {
    std::mt19937_64 random(seed_ ^ (0x9E3779B97F4A7C15ull * ++batches_));
    std::bernoulli_distribution keep(1.0 - p_);
    mask_.assign(static_cast<size_t>(batch * width_), Real(0));
    const Real scale = static_cast<Real>(1.0 / (1.0 - p_));
    for (Real& m : mask_) m = keep(random) ? scale : Real(0);
    return mask_;
  }
  double p() const { return p_; }
  int64_t width() const { return width_; }
  std::string describe() const override { return "dropout " + std::to_string(p_); }
  // Batches seen: kept in checkpoints, so that a resumed run draws the masks it would have.
  uint64_t& batches_seen() { return batches_; }

 private:
  int64_t width_;
  double p_;
  uint64_t seed_, batches_ = 0;
  bool training_ = true;
  std::vector<Real> mask_;
};

}  // namespace snn::training

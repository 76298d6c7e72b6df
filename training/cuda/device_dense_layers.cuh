#pragma once
// The fully connected layers on the GPU: linear (linear_layer.hpp) and recurrent LIF
// (recurrent_lif_layer.hpp), their products by cuBLAS.
#include "training/cuda/device_layer.cuh"
#include "training/cuda/image_kernels.cuh"
#include "training/cuda/neuron_kernels.cuh"
#include "training/cuda/row_major_blas.cuh"
#include "training/linear_layer.hpp"
#include "training/recurrent_lif_layer.hpp"

namespace snn::training::cuda {

template <typename Real>
class DeviceLinear : public DeviceLayer<Real> {
 public:
  explicit DeviceLinear(LinearLayer<Real>& host)
      : in_(static_cast<int>(host.inputs())), out_(static_cast<int>(host.outputs())), has_bias_(host.has_bias()),
        weight_(host.parameters()[0]), bias_(host.has_bias() ? host.parameters()[1] : nullptr) {}

  const Real* forward(const Real* x, int steps, int batch, TrainingContext<Real>& c) override {
    x_ = x;
    rows_ = checked_int(static_cast<long long>(steps) * batch, "linear layer's rows");
    Real* y = at_least(y_, static_cast<long long>(rows_) * out_);
    matmul(c.blas, false, true, rows_, out_, in_, x, raw(weight_.value), y);
    if (has_bias_) add_bias<<<blocks_for(static_cast<long long>(rows_) * out_), 256>>>(y, raw(bias_.value), static_cast<long long>(rows_) * out_, out_);
    return y;
  }

  const Real* backward(const Real* dy, bool input_gradient, TrainingContext<Real>& c) override {
    matmul(c.blas, true, false, out_, in_, rows_, dy, x_, raw(weight_.gradient), true);
    if (has_bias_) matmul(c.blas, false, false, 1, out_, rows_, c.ones_of(rows_), dy, raw(bias_.gradient), true);
    if (!input_gradient) return nullptr;
    Real* dx = at_least(dx_, static_cast<long long>(rows_) * in_);
    matmul(c.blas, false, false, rows_, in_, out_, dy, raw(weight_.value), dx);
    return dx;
  }

  std::vector<DeviceParameter<Real>*> parameters() override {
    if (has_bias_) return {&weight_, &bias_};
    return {&weight_};
  }
  int output_width() const override { return out_; }

 private:
  int in_, out_, rows_ = 0;
  bool has_bias_;
  DeviceParameter<Real> weight_, bias_;
  const Real* x_ = nullptr;
  thrust::device_vector<Real> y_, dx_;
};

template <typename Real>
class DeviceRecurrentLif : public DeviceLayer<Real> {
 public:
  explicit DeviceRecurrentLif(RecurrentLifLayer<Real>& host)
      : n_(static_cast<int>(host.width())), beta_(static_cast<Real>(host.settings().beta)), rule_(host.settings().template rule<Real>()),
        recurrent_(host.parameters()[0]), bias_(host.parameters()[1]) {}

  const Real* forward(const Real* x, int steps, int batch, TrainingContext<Real>& c) override {
    steps_ = steps, batch_ = batch;
    const int items = checked_int(static_cast<long long>(batch) * n_, "recurrent layer's step");
    checked_int(static_cast<long long>(steps) * items, "recurrent layer's sequence");
    Real *potential = at_least(potential_, static_cast<long long>(steps) * items), *spikes = at_least(spikes_, static_cast<long long>(steps) * items);
    Real *m = at_least(m_, items), *rec = at_least(rec_, items);
    SNN_CUDA_CHECK(cudaMemsetAsync(m, 0, sizeof(Real) * items));
    for (int t = 0; t < steps; ++t) {
      if (t > 0) matmul(c.blas, false, true, batch, n_, n_, spikes + (t - 1) * items, raw(recurrent_.value), rec);
      recurrent_lif_step<<<blocks_for(items), 256>>>(x + static_cast<long long>(t) * items, t > 0 ? rec : nullptr, raw(bias_.value), batch, n_,
                                                     beta_, rule_, m, potential + t * items, spikes + t * items);
    }
    return spikes;
  }

  const Real* backward(const Real* ds, bool, TrainingContext<Real>& c) override {
    const int items = batch_ * n_;
    Real *du = at_least(du_, static_cast<long long>(steps_) * items), *dm = at_least(m_, items), *from_next = at_least(rec_, items);
    SNN_CUDA_CHECK(cudaMemsetAsync(dm, 0, sizeof(Real) * items));
    for (int t = steps_ - 1; t >= 0; --t) {
      const int at = t * items;
      recurrent_lif_step_back<<<blocks_for(items), 256>>>(ds + at, t < steps_ - 1 ? from_next : nullptr, raw(potential_) + at, raw(spikes_) + at,
                                                          items, beta_, rule_, dm, du + at);
      if (t > 0) matmul(c.blas, false, false, batch_, n_, n_, du + at, raw(recurrent_.value), from_next);
    }
    if (steps_ > 1) matmul(c.blas, true, false, n_, n_, (steps_ - 1) * batch_, du + items, raw(spikes_), raw(recurrent_.gradient), true);
    matmul(c.blas, false, false, 1, n_, steps_ * batch_, c.ones_of(steps_ * batch_), du, raw(bias_.gradient), true);
    return du;  // the input enters u directly: its gradient is u's
  }

  std::vector<DeviceParameter<Real>*> parameters() override { return {&recurrent_, &bias_}; }
  int output_width() const override { return n_; }

 private:
  int n_, steps_ = 0, batch_ = 0;
  Real beta_;
  LifStepRule<Real> rule_;
  DeviceParameter<Real> recurrent_, bias_;
  thrust::device_vector<Real> potential_, spikes_, m_, rec_, du_;
};

}  // namespace snn::training::cuda

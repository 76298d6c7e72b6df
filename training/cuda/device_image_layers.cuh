#pragma once
// The image layers on the GPU: convolution (conv2d_layer.hpp) as im2col and cuBLAS products,
// pooling (pool2d_layer.hpp) and batch normalisation (batch_norm_layer.hpp).
#include "training/batch_norm_layer.hpp"
#include "training/conv2d_layer.hpp"
#include "training/cuda/batch_norm_kernels.cuh"
#include "training/cuda/device_layer.cuh"
#include "training/cuda/image_kernels.cuh"
#include "training/cuda/neuron_kernels.cuh"
#include "training/cuda/row_major_blas.cuh"
#include "training/pool2d_layer.hpp"

namespace snn::training::cuda {

inline ImageGeometry geometry_of(ImageShape in, ImageShape out, int64_t kernel, int64_t stride, int64_t padding) {
  return {static_cast<int>(in.channels), static_cast<int>(in.height), static_cast<int>(in.width), static_cast<int>(out.height),
          static_cast<int>(out.width),   static_cast<int>(kernel),    static_cast<int>(stride),   static_cast<int>(padding)};
}

template <typename Real>
class DeviceConv : public DeviceLayer<Real> {
 public:
  explicit DeviceConv(Conv2dLayer<Real>& host)
      : g_(geometry_of(host.input_shape(), host.output_shape(), host.kernel(), host.stride(), host.padding())),
        out_channels_(static_cast<int>(host.output_shape().channels)), weight_(host.parameters()[0]), bias_(host.parameters()[1]) {}

  const Real* forward(const Real* x, int steps, int batch, TrainingContext<Real>& c) override {
    rows_ = steps * batch;
    const long long width = static_cast<long long>(rows_) * positions();
    checked_int(width * cells(), "convolution's columns");
    checked_int(width * out_channels_, "convolution's output");
    Real* columns = at_least(columns_, width * cells());
    image_to_columns<<<blocks_for(width * cells()), 256>>>(x, rows_, g_, columns);
    Real* product = at_least(product_, width * out_channels_);
    matmul(c.blas, false, false, out_channels_, static_cast<int>(width), cells(), raw(weight_.value), columns, product);
    Real* y = at_least(y_, width * out_channels_);
    channels_to_rows_with_bias<<<blocks_for(width * out_channels_), 256>>>(product, raw(bias_.value), rows_, out_channels_, positions(), y);
    return y;
  }

  const Real* backward(const Real* dy, bool input_gradient, TrainingContext<Real>& c) override {
    const int width = rows_ * positions();
    Real* dy_t = raw(product_);
    rows_to_channels<<<blocks_for(static_cast<long long>(width) * out_channels_), 256>>>(dy, rows_, out_channels_, positions(), dy_t);
    matmul(c.blas, false, true, out_channels_, cells(), width, dy_t, raw(columns_), raw(weight_.gradient), true);
    matmul(c.blas, false, false, out_channels_, 1, width, dy_t, c.ones_of(width), raw(bias_.gradient), true);
    if (!input_gradient) return nullptr;
    Real* dcolumns = raw(columns_);  // the columns are spent: their gradient takes their place
    matmul(c.blas, true, false, cells(), width, out_channels_, raw(weight_.value), dy_t, dcolumns);
    const long long in = static_cast<long long>(rows_) * g_.channels * g_.height * g_.width;
    Real* dx = at_least(dx_, in);
    columns_to_image<<<blocks_for(in), 256>>>(dcolumns, rows_, g_, dx);
    return dx;
  }

  std::vector<DeviceParameter<Real>*> parameters() override { return {&weight_, &bias_}; }
  int output_width() const override { return out_channels_ * positions(); }

 private:
  int positions() const { return g_.out_height * g_.out_width; }
  int cells() const { return g_.channels * g_.kernel * g_.kernel; }

  ImageGeometry g_;
  int out_channels_, rows_ = 0;
  DeviceParameter<Real> weight_, bias_;
  thrust::device_vector<Real> columns_, product_, y_, dx_;
};

template <typename Real>
class DevicePool : public DeviceLayer<Real> {
 public:
  explicit DevicePool(Pool2dLayer<Real>& host)
      : g_(geometry_of(host.input_shape(), host.output_shape(), host.kernel(), host.stride(), 0)), max_(host.kind() == PoolKind::kMax) {}

  const Real* forward(const Real* x, int steps, int batch, TrainingContext<Real>&) override {
    rows_ = steps * batch;
    const long long n = checked_int(static_cast<long long>(rows_) * output_width(), "pool's output");
    Real* y = at_least(y_, n);
    pool_forward<<<blocks_for(n), 256>>>(x, rows_, g_, max_, y, max_ ? at_least(chosen_, n) : nullptr);
    return y;
  }

  const Real* backward(const Real* dy, bool, TrainingContext<Real>&) override {
    const long long n = static_cast<long long>(rows_) * g_.channels * g_.height * g_.width;
    Real* dx = at_least(dx_, n);
    pool_backward<<<blocks_for(n), 256>>>(dy, max_ ? raw(chosen_) : nullptr, rows_, g_, max_, dx);
    return dx;
  }

  int output_width() const override { return g_.channels * g_.out_height * g_.out_width; }

 private:
  ImageGeometry g_;
  bool max_;
  int rows_ = 0;
  thrust::device_vector<Real> y_, dx_;
  thrust::device_vector<int> chosen_;
};

template <typename Real>
class DeviceBatchNorm : public DeviceLayer<Real> {
 public:
  explicit DeviceBatchNorm(BatchNormLayer<Real>& host)
      : shape_(host.shape()), epsilon_(host.epsilon()), momentum_(host.momentum()), gamma_(host.parameters()[0]), beta_(host.parameters()[1]),
        running_mean_(host.buffers()[0]), running_var_(host.buffers()[1]) {}

  void set_training(bool training) override { training_ = training; }

  const Real* forward(const Real* x, int steps, int batch, TrainingContext<Real>&) override {
    s_ = {steps * batch, static_cast<int>(shape_.channels), static_cast<int>(shape_.height * shape_.width), epsilon_, momentum_};
    const long long n = checked_int(static_cast<long long>(s_.rows) * output_width(), "batch norm's values");
    Real *mean = at_least(mean_, s_.channels), *inverse = at_least(inverse_std_, s_.channels);
    batch_norm_statistics<<<s_.channels, kChannelThreads>>>(x, s_, training_, raw(running_mean_.value), raw(running_var_.value), mean, inverse);
    batch_norm_apply<<<blocks_for(n), 256>>>(x, s_, mean, inverse, raw(gamma_.value), raw(beta_.value), at_least(normalised_, n), at_least(y_, n));
    return raw(y_);
  }

  const Real* backward(const Real* dy, bool, TrainingContext<Real>&) override {
    const long long n = static_cast<long long>(s_.rows) * output_width();
    double* sums = at_least(sums_, 2 * s_.channels);
    batch_norm_gradient_sums<<<s_.channels, kChannelThreads>>>(dy, raw(normalised_), s_, raw(gamma_.gradient), raw(beta_.gradient), sums);
    batch_norm_backward<<<blocks_for(n), 256>>>(dy, raw(normalised_), s_, raw(gamma_.value), raw(inverse_std_), sums, training_, at_least(dx_, n));
    return raw(dx_);
  }

  std::vector<DeviceParameter<Real>*> parameters() override { return {&gamma_, &beta_}; }
  std::vector<DeviceParameter<Real>*> buffers() override { return {&running_mean_, &running_var_}; }
  int output_width() const override { return static_cast<int>(shape_.size()); }

 private:
  ImageShape shape_;
  double epsilon_, momentum_;
  bool training_ = true;
  BatchNormShape s_{};
  DeviceParameter<Real> gamma_, beta_, running_mean_, running_var_;
  thrust::device_vector<Real> mean_, inverse_std_, normalised_, y_, dx_;
  thrust::device_vector<double> sums_;
};

}  // namespace snn::training::cuda

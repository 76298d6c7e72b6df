#pragma once
// The neuron layers on the GPU: LIF (lif_layer.hpp), the leaky integrator (li_layer.hpp) and dropout
// (dropout_layer.hpp, whose masks the host layer draws, so both draw the same).
#include "training/cuda/device_layer.cuh"
#include "training/cuda/neuron_kernels.cuh"
#include "training/dropout_layer.hpp"
#include "training/li_layer.hpp"
#include "training/lif_layer.hpp"

namespace snn::training::cuda {

template <typename Real>
class DeviceLif : public DeviceLayer<Real> {
 public:
  explicit DeviceLif(LifLayer<Real>& host)
      : width_(static_cast<int>(host.width())), learn_(host.settings().learn_beta), beta_(static_cast<Real>(host.settings().beta)),
        rule_(host.settings().template rule<Real>()), beta_weight_(learn_ ? host.parameters()[0] : nullptr) {}

  const Real* forward(const Real* x, int steps, int batch, TrainingContext<Real>&) override {
    steps_ = steps, batch_ = batch;
    const long long n = checked_int(static_cast<long long>(steps) * batch * width_, "LIF layer's values");
    const Real* decay = nullptr;
    if (learn_) {
      sigmoid_of<<<blocks_for(width_), 256>>>(raw(beta_weight_.value), width_, at_least(decay_, width_));
      decay = raw(decay_);
    }
    lif_forward<<<blocks_for(static_cast<long long>(batch) * width_), 256>>>(x, steps, batch, width_, decay, beta_, rule_, at_least(potential_, n),
                                                                             at_least(spikes_, n));
    return raw(spikes_);
  }

  const Real* backward(const Real* ds, bool, TrainingContext<Real>&) override {
    const long long items = static_cast<long long>(batch_) * width_;
    Real* partial = learn_ ? at_least(beta_partial_, items) : nullptr;
    lif_backward<<<blocks_for(items), 256>>>(ds, raw(potential_), raw(spikes_), steps_, batch_, width_, learn_ ? raw(decay_) : nullptr, beta_, rule_,
                                             at_least(dx_, items * steps_), partial);
    if (learn_) sum_decay_gradient<<<blocks_for(width_), 256>>>(partial, batch_, width_, raw(decay_), raw(beta_weight_.gradient));
    return raw(dx_);
  }

  std::vector<DeviceParameter<Real>*> parameters() override {
    if (learn_) return {&beta_weight_};
    return {};
  }
  int output_width() const override { return width_; }

 private:
  int width_, steps_ = 0, batch_ = 0;
  bool learn_;
  Real beta_;
  LifStepRule<Real> rule_;
  DeviceParameter<Real> beta_weight_;
  thrust::device_vector<Real> decay_, potential_, spikes_, dx_, beta_partial_;
};

template <typename Real>
class DeviceLi : public DeviceLayer<Real> {
 public:
  explicit DeviceLi(LiLayer<Real>& host) : width_(static_cast<int>(host.width())), beta_(host.beta()) {}

  const Real* forward(const Real* x, int steps, int batch, TrainingContext<Real>&) override {
    steps_ = steps, items_ = batch * width_;
    li_forward<<<blocks_for(items_), 256>>>(x, steps, items_, beta_, at_least(u_, static_cast<long long>(steps) * items_));
    return raw(u_);
  }
  const Real* backward(const Real* dy, bool, TrainingContext<Real>&) override {
    li_backward<<<blocks_for(items_), 256>>>(dy, steps_, items_, beta_, at_least(dx_, static_cast<long long>(steps_) * items_));
    return raw(dx_);
  }
  int output_width() const override { return width_; }

 private:
  int width_, steps_ = 0, items_ = 0;
  Real beta_;
  thrust::device_vector<Real> u_, dx_;
};

template <typename Real>
class DeviceDropout : public DeviceLayer<Real> {
 public:
  explicit DeviceDropout(DropoutLayer<Real>& host) : host_(host) {}

  void set_training(bool training) override { training_ = training; }

  const Real* forward(const Real* x, int steps, int batch, TrainingContext<Real>&) override {
    active_ = training_ && host_.p() > 0;
    if (!active_) return x;
    const std::vector<Real>& mask = host_.draw_mask(batch);
    mask_.assign(mask.begin(), mask.end());
    total_ = static_cast<long long>(steps) * batch * host_.width();
    apply_mask<<<blocks_for(total_), 256>>>(x, raw(mask_), total_, static_cast<int>(mask.size()), at_least(y_, total_));
    return raw(y_);
  }
  const Real* backward(const Real* dy, bool, TrainingContext<Real>&) override {
    if (!active_) return dy;
    apply_mask<<<blocks_for(total_), 256>>>(dy, raw(mask_), total_, static_cast<int>(mask_.size()), at_least(dx_, total_));
    return raw(dx_);
  }
  int output_width() const override { return static_cast<int>(host_.width()); }

 private:
  DropoutLayer<Real>& host_;
  bool training_ = true, active_ = false;
  long long total_ = 0;
  thrust::device_vector<Real> mask_, y_, dx_;
};

}  // namespace snn::training::cuda

#pragma once
// The optimizers of PyTorch's torch.optim, as it defines them: SGD (momentum, L2 weight decay added
// to the gradient) and Adam (bias-corrected moments; weight decay added to the gradient as torch.optim.Adam
// does), each parameter updated element by element in a fixed order.
#include <cmath>
#include <vector>

#include "core/foundation/host_device.hpp"
#include "training/sequence.hpp"

namespace snn::training {

struct OptimizerSettings {
  enum Kind { kSgd, kAdam } kind = kAdam;
  double learning_rate = 1e-3, momentum = 0.0, weight_decay = 0.0;
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
};

template <typename Real>
class Optimizer {
 public:
  Optimizer(std::vector<Parameter<Real>*> parameters, OptimizerSettings settings) : parameters_(std::move(parameters)), s_(settings) {
    for (Parameter<Real>* p : parameters_) {
      first_.emplace_back(p->value.size(), Real(0));
      second_.emplace_back(p->value.size(), Real(0));
    }
  }

  // This step's constants, in the parameters' number type.
  struct StepRule {
    bool sgd, with_momentum;
    Real momentum, weight_decay, beta1, one_minus_beta1, beta2, one_minus_beta2, correction2, learning_rate, step_size, epsilon;

    // One element's update: the same code here and in the CUDA trainer's kernel (training/cuda/).
    SNN_HD void apply(Real& value, Real gradient, Real& m, Real& v) const {
      const Real g = gradient + weight_decay * value;
      if (sgd) {
        m = with_momentum ? momentum * m + g : g;
        value -= learning_rate * m;
      } else {
        m = beta1 * m + one_minus_beta1 * g;
        v = beta2 * v + one_minus_beta2 * g * g;
#if defined(__CUDA_ARCH__)
        const Real denominator = sqrt(v / correction2) + epsilon;
#else
        const Real denominator = std::sqrt(v / correction2) + epsilon;
#endif
        value -= step_size * m / denominator;
      }
    }
  };

  // Counts a step and gives its constants (step() applies them; the CUDA trainer does on the device).
  StepRule next_step(double learning_rate) {
    ++steps_;
    const double correction1 = 1.0 - std::pow(s_.beta1, static_cast<double>(steps_));
    const double correction2 = 1.0 - std::pow(s_.beta2, static_cast<double>(steps_));
    return {s_.kind == OptimizerSettings::kSgd,
            s_.momentum > 0 && steps_ > 1,
            static_cast<Real>(s_.momentum),
            static_cast<Real>(s_.weight_decay),
            static_cast<Real>(s_.beta1),
            static_cast<Real>(1 - s_.beta1),
            static_cast<Real>(s_.beta2),
            static_cast<Real>(1 - s_.beta2),
            static_cast<Real>(correction2),
            static_cast<Real>(learning_rate),
            static_cast<Real>(learning_rate / correction1),
            static_cast<Real>(s_.epsilon)};
  }

  void step(double learning_rate) {
    const StepRule rule = next_step(learning_rate);
    for (size_t k = 0; k < parameters_.size(); ++k) {
      Parameter<Real>& p = *parameters_[k];
      for (size_t i = 0; i < p.value.size(); ++i) rule.apply(p.value[i], p.gradient[i], first_[k][i], second_[k][i]);
    }
  }

  // The moments, for checkpoints: restored, training continues as if it had not stopped.
  std::vector<std::vector<Real>>& first_moments() { return first_; }
  std::vector<std::vector<Real>>& second_moments() { return second_; }
  long long& steps_taken() { return steps_; }
  const OptimizerSettings& settings() const { return s_; }
  const std::vector<Parameter<Real>*>& parameters() const { return parameters_; }

 private:
  std::vector<Parameter<Real>*> parameters_;
  OptimizerSettings s_;
  std::vector<std::vector<Real>> first_, second_;
  long long steps_ = 0;
};

}  // namespace snn::training

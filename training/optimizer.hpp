#pragma once
// The optimizers of PyTorch's torch.optim, as it defines them: SGD (momentum, L2 weight decay added
// to the gradient) and Adam (bias-corrected moments; weight decay added to the gradient as torch.optim.Adam
// does), each parameter updated element by element in a fixed order.
#include <cmath>
#include <vector>

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

  void step(double learning_rate) {
    ++steps_;
    const double correction1 = 1.0 - std::pow(s_.beta1, static_cast<double>(steps_));
    const double correction2 = 1.0 - std::pow(s_.beta2, static_cast<double>(steps_));
    for (size_t k = 0; k < parameters_.size(); ++k) {
      Parameter<Real>& p = *parameters_[k];
      std::vector<Real>& m = first_[k];
      std::vector<Real>& v = second_[k];
      for (size_t i = 0; i < p.value.size(); ++i) {
        const Real g = p.gradient[i] + static_cast<Real>(s_.weight_decay) * p.value[i];
        if (s_.kind == OptimizerSettings::kSgd) {
          m[i] = s_.momentum > 0 && steps_ > 1 ? static_cast<Real>(s_.momentum) * m[i] + g : g;
          p.value[i] -= static_cast<Real>(learning_rate) * m[i];
        } else {
          m[i] = static_cast<Real>(s_.beta1) * m[i] + static_cast<Real>(1 - s_.beta1) * g;
          v[i] = static_cast<Real>(s_.beta2) * v[i] + static_cast<Real>(1 - s_.beta2) * g * g;
          const Real denominator = std::sqrt(v[i] / static_cast<Real>(correction2)) + static_cast<Real>(s_.epsilon);
          p.value[i] -= static_cast<Real>(learning_rate / correction1) * m[i] / denominator;
        }
      }
    }
  }

  // The moments, for checkpoints: restored, training continues as if it had not stopped.
  std::vector<std::vector<Real>>& first_moments() { return first_; }
  std::vector<std::vector<Real>>& second_moments() { return second_; }
  long long& steps_taken() { return steps_; }

 private:
  std::vector<Parameter<Real>*> parameters_;
  OptimizerSettings s_;
  std::vector<std::vector<Real>> first_, second_;
  long long steps_ = 0;
};

}  // namespace snn::training

#pragma once
// A training layer's twin on the GPU (training/cuda_training_network.hpp): it reads its settings
// from the host layer, keeps its parameters (values, gradients, the optimizer's moments) in device
// memory, and runs forward over a whole [steps, batch, width] sequence and backward through it as
// the host layer does. Outputs and gradients live in buffers the layer owns until its next pass.
#include <cublas_v2.h>
#include <thrust/device_vector.h>

#include <climits>
#include <stdexcept>
#include <vector>

#include "core/cuda/cuda_check.hpp"
#include "training/sequence.hpp"

namespace snn::training::cuda {

template <typename T>
T* raw(thrust::device_vector<T>& v) {
  return thrust::raw_pointer_cast(v.data());
}

// Grows `v` to hold n values (never shrinks: batches of one size reuse it).
template <typename T>
T* at_least(thrust::device_vector<T>& v, long long n) {
  if (static_cast<long long>(v.size()) < n) v.resize(static_cast<size_t>(n));
  return raw(v);
}

// A parameter (or a buffer: no gradient, no moments) and the host parameter it mirrors.
template <typename Real>
struct DeviceParameter {
  Parameter<Real>* host = nullptr;
  thrust::device_vector<Real> value, gradient, first, second;

  // p may be null: a parameter the layer does not have (a linear layer's bias, say).
  explicit DeviceParameter(Parameter<Real>* p) : host(p) {
    if (p == nullptr) return;
    value.assign(p->value.begin(), p->value.end());
    if (!p->gradient.empty()) gradient.resize(p->value.size()), first.resize(p->value.size()), second.resize(p->value.size());
  }
  long long size() const { return static_cast<long long>(value.size()); }
};

// What every layer shares: the cuBLAS handle (owned) and a vector of ones (for sums as products).
template <typename Real>
struct TrainingContext {
  cublasHandle_t blas = nullptr;
  thrust::device_vector<Real> ones;

  TrainingContext() = default;
  TrainingContext(const TrainingContext&) = delete;
  TrainingContext& operator=(const TrainingContext&) = delete;
  ~TrainingContext() {
    if (blas != nullptr) cublasDestroy(blas);
  }

  const Real* ones_of(long long n) {
    if (static_cast<long long>(ones.size()) < n) ones.assign(static_cast<size_t>(n), Real(1));
    return raw(ones);
  }
};

// Sizes pass to kernels and cuBLAS as int.
inline int checked_int(long long n, const char* what) {
  if (n > INT_MAX) throw std::runtime_error(std::string("the CUDA trainer's ") + what + " has more than 2^31 values: use smaller batches");
  return static_cast<int>(n);
}

template <typename Real>
class DeviceLayer {
 public:
  virtual ~DeviceLayer() = default;
  // x: [steps, batch, input width] on the device, valid until the backward pass. Returns the output.
  virtual const Real* forward(const Real* x, int steps, int batch, TrainingContext<Real>& context) = 0;
  // dy: the output's gradient. Adds the parameters' gradients; returns the input's gradient, or null
  // where it is not wanted (the first layer).
  virtual const Real* backward(const Real* dy, bool input_gradient, TrainingContext<Real>& context) = 0;
  virtual void set_training(bool) {}
  virtual std::vector<DeviceParameter<Real>*> parameters() { return {}; }
  virtual std::vector<DeviceParameter<Real>*> buffers() { return {}; }
  virtual int output_width() const = 0;
};

}  // namespace snn::training::cuda

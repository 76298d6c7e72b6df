#include "training/cuda_training_network.hpp"

#include <thrust/count.h>
#include <thrust/device_ptr.h>

#include <stdexcept>
#include <string>

#include "training/cuda/device_dense_layers.cuh"
#include "training/cuda/device_image_layers.cuh"
#include "training/cuda/device_neuron_layers.cuh"
#include "training/cuda/loss_kernels.cuh"

namespace snn::training {

using namespace cuda;

struct NonZero {
  template <typename Real>
  __host__ __device__ bool operator()(Real v) const {
    return v != Real(0);
  }
};

template <typename Real>
struct CudaTrainingNetwork<Real>::Impl {
  Optimizer<Real>& optimizer;
  TrainingContext<Real> context;
  std::vector<std::unique_ptr<DeviceLayer<Real>>> layers;
  std::vector<DeviceParameter<Real>*> parameters;  // in the optimizer's order
  thrust::device_vector<Real> input, held, gradient, counts, probability, losses;
  thrust::device_vector<int> labels, predicted;
  std::vector<Real> host_losses;
  std::vector<int> host_predicted;
  int steps = 0, batch = 0;

  Impl(LayerStack<Real>& stack, Optimizer<Real>& o) : optimizer(o) {
    int devices = 0;
    if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) throw std::runtime_error("training on the GPU: no CUDA device is present");
    SNN_CUBLAS_CHECK(cublasCreate(&context.blas));
    SNN_CUBLAS_CHECK(cublasSetMathMode(context.blas, CUBLAS_DEFAULT_MATH));  // float32 products, no TF32
    for (const auto& layer : stack.layers()) layers.push_back(twin_of(*layer));
    std::vector<DeviceParameter<Real>*> all;
    for (auto& layer : layers)
      for (DeviceParameter<Real>* p : layer->parameters()) all.push_back(p);
    for (Parameter<Real>* host : optimizer.parameters()) {
      DeviceParameter<Real>* found = nullptr;
      for (DeviceParameter<Real>* p : all)
        if (p->host == host) found = p;
      if (found == nullptr) throw std::logic_error("training on the GPU: a parameter of the optimizer has no device copy");
      parameters.push_back(found);
    }
    upload();
  }

  static std::unique_ptr<DeviceLayer<Real>> twin_of(Layer<Real>& layer) {
    if (auto* l = dynamic_cast<LinearLayer<Real>*>(&layer)) return std::make_unique<DeviceLinear<Real>>(*l);
    if (auto* l = dynamic_cast<Conv2dLayer<Real>*>(&layer)) return std::make_unique<DeviceConv<Real>>(*l);
    if (auto* l = dynamic_cast<Pool2dLayer<Real>*>(&layer)) return std::make_unique<DevicePool<Real>>(*l);
    if (auto* l = dynamic_cast<BatchNormLayer<Real>*>(&layer)) return std::make_unique<DeviceBatchNorm<Real>>(*l);
    if (auto* l = dynamic_cast<LifLayer<Real>*>(&layer)) {
      if (l->settings().smooth_forward) throw std::invalid_argument("training on the GPU: smooth_forward is for the CPU's gradient checks");
      return std::make_unique<DeviceLif<Real>>(*l);
    }
    if (auto* l = dynamic_cast<RecurrentLifLayer<Real>*>(&layer)) return std::make_unique<DeviceRecurrentLif<Real>>(*l);
    if (auto* l = dynamic_cast<LiLayer<Real>*>(&layer)) return std::make_unique<DeviceLi<Real>>(*l);
    if (auto* l = dynamic_cast<DropoutLayer<Real>*>(&layer)) return std::make_unique<DeviceDropout<Real>>(*l);
    throw std::invalid_argument("training on the GPU: no CUDA version of the layer '" + layer.describe() + "'");
  }

  const Real* forward(const Sequence<Real>& x, int64_t sequence_steps, std::vector<std::pair<int64_t, int64_t>>* activity = nullptr) {
    if (x.steps != sequence_steps && x.steps != 1)
      throw std::invalid_argument("training on the GPU: an input of " + std::to_string(x.steps) + " steps for a sequence of " +
                                  std::to_string(sequence_steps));
    steps = static_cast<int>(sequence_steps);
    batch = static_cast<int>(x.batch);
    const long long n = checked_int(static_cast<long long>(steps) * x.batch * x.width, "input");
    Real* in = at_least(input, n);
    if (x.steps < steps) {  // one step, held
      const long long items = x.batch * x.width;
      SNN_CUDA_CHECK(cudaMemcpy(at_least(held, items), x.values.data(), sizeof(Real) * items, cudaMemcpyHostToDevice));
      repeat_over_steps<<<blocks_for(items), 256>>>(raw(held), steps, static_cast<int>(items), in);
    } else {
      SNN_CUDA_CHECK(cudaMemcpy(in, x.values.data(), sizeof(Real) * n, cudaMemcpyHostToDevice));
    }
    const Real* values = in;
    long long width = x.width;
    if (activity != nullptr) activity->resize(layers.size());
    for (size_t k = 0; k < layers.size(); ++k) {
      if (activity != nullptr) {
        const long long total = static_cast<long long>(steps) * batch * width;
        (*activity)[k].first += thrust::count_if(thrust::device_pointer_cast(values), thrust::device_pointer_cast(values) + total, NonZero{});
        (*activity)[k].second += total;
      }
      values = layers[k]->forward(values, steps, batch, context);
      width = layers[k]->output_width();
    }
    SNN_CUDA_CHECK(cudaGetLastError());
    return values;
  }

  Real loss(const Real* output, const std::vector<int>& sample_labels, bool membrane_loss, bool with_gradient, std::vector<int>* classes) {
    const int width = layers.back()->output_width();
    if (static_cast<int>(sample_labels.size()) != batch) throw std::invalid_argument("one label per sample is needed");
    for (const int label : sample_labels)
      if (label < 0 || label >= width) throw std::invalid_argument("label " + std::to_string(label) + " outside the output's classes");
    labels.assign(sample_labels.begin(), sample_labels.end());
    const long long n = static_cast<long long>(batch) * width;
    count_cross_entropy<<<blocks_for(batch, 128), 128>>>(output, raw(labels), steps, batch, width, membrane_loss, at_least(counts, n),
                                                         at_least(probability, n), at_least(losses, batch), at_least(predicted, batch),
                                                         with_gradient ? at_least(gradient, n * steps) : nullptr);
    SNN_CUDA_CHECK(cudaGetLastError());
    host_losses.resize(static_cast<size_t>(batch));
    host_predicted.resize(static_cast<size_t>(batch));
    SNN_CUDA_CHECK(cudaMemcpy(host_losses.data(), raw(losses), sizeof(Real) * batch, cudaMemcpyDeviceToHost));
    SNN_CUDA_CHECK(cudaMemcpy(host_predicted.data(), raw(predicted), sizeof(int) * batch, cudaMemcpyDeviceToHost));
    if (classes != nullptr) *classes = host_predicted;
    double total = 0;  // as count_loss.hpp sums it
    for (const Real l : host_losses) total += static_cast<double>(l);
    return static_cast<Real>(total / static_cast<double>(batch));
  }

  void zero_gradients() {
    for (DeviceParameter<Real>* p : parameters) SNN_CUDA_CHECK(cudaMemsetAsync(raw(p->gradient), 0, sizeof(Real) * p->size()));
  }

  void set_training(bool training) {
    for (auto& layer : layers) layer->set_training(training);
  }

  void upload() {
    auto send = [](DeviceParameter<Real>* p, const std::vector<Real>& from, thrust::device_vector<Real>& to) {
      if (static_cast<long long>(from.size()) != p->size()) throw std::logic_error("training on the GPU: a parameter changed its size");
      thrust::copy(from.begin(), from.end(), to.begin());
    };
    for (size_t k = 0; k < parameters.size(); ++k) {
      send(parameters[k], parameters[k]->host->value, parameters[k]->value);
      send(parameters[k], optimizer.first_moments()[k], parameters[k]->first);
      send(parameters[k], optimizer.second_moments()[k], parameters[k]->second);
    }
    for (auto& layer : layers)
      for (DeviceParameter<Real>* b : layer->buffers()) send(b, b->host->value, b->value);
  }

  void download() {
    for (size_t k = 0; k < parameters.size(); ++k) {
      DeviceParameter<Real>* p = parameters[k];
      thrust::copy(p->value.begin(), p->value.end(), p->host->value.begin());
      thrust::copy(p->gradient.begin(), p->gradient.end(), p->host->gradient.begin());
      thrust::copy(p->first.begin(), p->first.end(), optimizer.first_moments()[k].begin());
      thrust::copy(p->second.begin(), p->second.end(), optimizer.second_moments()[k].begin());
    }
    for (auto& layer : layers)
      for (DeviceParameter<Real>* b : layer->buffers()) thrust::copy(b->value.begin(), b->value.end(), b->host->value.begin());
  }
};

template <typename Real>
CudaTrainingNetwork<Real>::CudaTrainingNetwork(LayerStack<Real>& stack, Optimizer<Real>& optimizer)
    : impl_(std::make_unique<Impl>(stack, optimizer)) {}

template <typename Real>
CudaTrainingNetwork<Real>::~CudaTrainingNetwork() = default;

template <typename Real>
Real CudaTrainingNetwork<Real>::compute_gradients(const Sequence<Real>& x, int64_t steps, const std::vector<int>& labels, bool membrane_loss,
                                                  std::vector<int>* predicted) {
  Impl& m = *impl_;
  m.set_training(true);
  m.zero_gradients();
  const Real* output = m.forward(x, steps);
  const Real loss = m.loss(output, labels, membrane_loss, true, predicted);
  const Real* gradient = raw(m.gradient);
  for (size_t k = m.layers.size(); k-- > 0;) gradient = m.layers[k]->backward(gradient, k > 0, m.context);
  SNN_CUDA_CHECK(cudaGetLastError());
  return loss;
}

template <typename Real>
Real CudaTrainingNetwork<Real>::train_batch(const Sequence<Real>& x, int64_t steps, const std::vector<int>& labels, bool membrane_loss,
                                            double learning_rate, std::vector<int>* predicted) {
  const Real loss = compute_gradients(x, steps, labels, membrane_loss, predicted);
  const typename Optimizer<Real>::StepRule rule = impl_->optimizer.next_step(learning_rate);
  for (DeviceParameter<Real>* p : impl_->parameters)
    optimizer_step<Real><<<blocks_for(p->size()), 256>>>(rule, raw(p->value), raw(p->gradient), raw(p->first), raw(p->second), p->size());
  SNN_CUDA_CHECK(cudaGetLastError());
  return loss;
}

template <typename Real>
Sequence<Real> CudaTrainingNetwork<Real>::evaluate(const Sequence<Real>& x, int64_t steps, std::vector<std::pair<int64_t, int64_t>>* activity) {
  Impl& m = *impl_;
  m.set_training(false);
  const Real* output = m.forward(x, steps, activity);
  m.set_training(true);
  Sequence<Real> y(m.steps, m.batch, m.layers.back()->output_width());
  SNN_CUDA_CHECK(cudaMemcpy(y.values.data(), output, sizeof(Real) * y.values.size(), cudaMemcpyDeviceToHost));
  return y;
}

template <typename Real>
void CudaTrainingNetwork<Real>::download() {
  impl_->download();
}

template <typename Real>
void CudaTrainingNetwork<Real>::upload() {
  impl_->upload();
}

template class CudaTrainingNetwork<float>;
template class CudaTrainingNetwork<double>;

}  // namespace snn::training

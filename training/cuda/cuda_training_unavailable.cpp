// Built instead of the CUDA trainer when the CUDA compiler is absent: says so, and never pretends.
#include <stdexcept>

#include "training/cuda_training_network.hpp"

namespace snn::training {

template <typename Real>
struct CudaTrainingNetwork<Real>::Impl {};

template <typename Real>
CudaTrainingNetwork<Real>::CudaTrainingNetwork(LayerStack<Real>&, Optimizer<Real>&) {
  throw std::runtime_error("training on the GPU: this build has no CUDA trainer (it was configured without a CUDA compiler)");
}
template <typename Real>
CudaTrainingNetwork<Real>::~CudaTrainingNetwork() = default;
template <typename Real>
Real CudaTrainingNetwork<Real>::compute_gradients(const Sequence<Real>&, int64_t, const std::vector<int>&, bool, std::vector<int>*) {
  return 0;
}
template <typename Real>
Real CudaTrainingNetwork<Real>::train_batch(const Sequence<Real>&, int64_t, const std::vector<int>&, bool, double, std::vector<int>*) {
  return 0;
}
template <typename Real>
Sequence<Real> CudaTrainingNetwork<Real>::evaluate(const Sequence<Real>&, int64_t, std::vector<std::pair<int64_t, int64_t>>*) {
  return {};
}
template <typename Real>
void CudaTrainingNetwork<Real>::download() {}
template <typename Real>
void CudaTrainingNetwork<Real>::upload() {}

template class CudaTrainingNetwork<float>;
template class CudaTrainingNetwork<double>;

}  // namespace snn::training

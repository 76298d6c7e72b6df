#pragma once
// A layer stack trained on the GPU: the stack's layers mirrored by CUDA twins
// (training/cuda/device_*_layers.cuh), its parameters, buffers and the optimizer's moments in device
// memory, a batch's forward pass, loss, backward pass and optimizer step run there. The host stack
// stays the model's record: download() brings the device's state back into it (for saving, NIR,
// checkpoints), upload() sends it out (after a checkpoint is loaded).
//
// The LIF neurons' and the optimizer's step code is the CPU's own (lif_step.hpp, optimizer.hpp), and
// pooling, the leaky integrator and the loss repeat the CPU layers' arithmetic; the products (linear,
// convolution, recurrence) are cuBLAS's (float32, TF32 off), deterministic but summed in another order
// than the CPU's, so CPU and GPU agree to rounding (docs/training.md says how closely), and the GPU
// repeats itself bit for bit.
#include <memory>
#include <utility>
#include <vector>

#include "training/layer_stack.hpp"
#include "training/optimizer.hpp"

namespace snn::training {

template <typename Real>
class CudaTrainingNetwork {
 public:
  // Throws where the build or the machine has no CUDA, or a layer has no GPU twin.
  CudaTrainingNetwork(LayerStack<Real>& stack, Optimizer<Real>& optimizer);
  ~CudaTrainingNetwork();
  CudaTrainingNetwork(const CudaTrainingNetwork&) = delete;
  CudaTrainingNetwork& operator=(const CudaTrainingNetwork&) = delete;

  // The input x: [steps, batch, width], or [1, batch, width] held for all `steps` (direct coding).
  // The loss's gradients for one batch (in the device's gradients; download() brings them), the loss
  // (the batch's mean) and each sample's predicted class.
  Real compute_gradients(const Sequence<Real>& x, int64_t steps, const std::vector<int>& labels, bool membrane_loss, std::vector<int>* predicted);
  // compute_gradients, then the optimizer's step at this learning rate.
  Real train_batch(const Sequence<Real>& x, int64_t steps, const std::vector<int>& labels, bool membrane_loss, double learning_rate,
                   std::vector<int>* predicted);
  // The last layer's output for x, in evaluation mode (dropout off, batch norm's running statistics);
  // with `activity`, each layer's input's non-zero values and all its values are added to it.
  Sequence<Real> evaluate(const Sequence<Real>& x, int64_t steps, std::vector<std::pair<int64_t, int64_t>>* activity = nullptr);

  void download();
  void upload();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace snn::training

#pragma once
// A layer trained by backpropagation through time: forward over a whole sequence keeps what the
// backward pass needs; backward takes the loss's gradient with respect to the layer's output and
// adds the parameters' gradients (so that a batch may be split), returning the input's gradient.
#include <string>
#include <vector>

#include "training/sequence.hpp"

namespace snn::training {

template <typename Real>
class Layer {
 public:
  virtual ~Layer() = default;
  virtual Sequence<Real> forward(const Sequence<Real>& input) = 0;
  virtual Sequence<Real> backward(const Sequence<Real>& output_gradient) = 0;
  virtual std::vector<Parameter<Real>*> parameters() { return {}; }
  // State kept but not learnt (batch norm's running statistics): saved with the weights.
  virtual std::vector<Parameter<Real>*> buffers() { return {}; }
  // Training or evaluation (dropout and batch norm differ).
  virtual void set_training(bool) {}
  virtual std::string describe() const = 0;
};

}  // namespace snn::training

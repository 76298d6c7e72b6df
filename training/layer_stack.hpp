#pragma once
// Layers one after another: the sequence through them forward, the gradient back.
#include <memory>
#include <vector>

#include "training/layer.hpp"

namespace snn::training {

template <typename Real>
class LayerStack {
 public:
  void add(std::unique_ptr<Layer<Real>> layer) { layers_.push_back(std::move(layer)); }

  Sequence<Real> forward(Sequence<Real> x) {
    for (auto& layer : layers_) x = layer->forward(x);
    return x;
  }
  void backward(Sequence<Real> gradient) {
    for (auto it = layers_.rbegin(); it != layers_.rend(); ++it) gradient = (*it)->backward(gradient);
  }
  std::vector<Parameter<Real>*> parameters() {
    std::vector<Parameter<Real>*> all;
    for (auto& layer : layers_)
      for (Parameter<Real>* p : layer->parameters()) all.push_back(p);
    return all;
  }
  void set_training(bool training) {
    for (auto& layer : layers_) layer->set_training(training);
  }
  void zero_gradients() {
    for (Parameter<Real>* p : parameters()) std::fill(p->gradient.begin(), p->gradient.end(), Real(0));
  }
  const std::vector<std::unique_ptr<Layer<Real>>>& layers() const { return layers_; }

 private:
  std::vector<std::unique_ptr<Layer<Real>>> layers_;
};

}  // namespace snn::training

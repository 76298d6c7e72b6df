#include "models/parameter_binding.hpp"

#include <stdexcept>

namespace snn {
namespace {

TensorShape without_unit_dimensions(const TensorShape& shape) {
  TensorShape kept;
  for (int64_t d : shape)
    if (d != 1) kept.push_back(d);
  return kept;
}

}  // namespace

ParameterBinding::ParameterBinding(std::map<std::string, Tensor> tensors, std::string origin)
    : tensors_(std::move(tensors)), origin_(std::move(origin)) {}

const Tensor* ParameterBinding::find(const std::string& name) const {
  auto it = tensors_.find(name);
  return it == tensors_.end() ? nullptr : &it->second;
}

Tensor ParameterBinding::take(const std::string& name, const TensorShape& shape) {
  auto it = tensors_.find(name);
  if (it == tensors_.end()) {
    problems_.push_back("missing tensor \"" + name + "\" of shape " + shape_text(shape));
    return Tensor(shape);
  }
  Tensor tensor = std::move(it->second);
  tensors_.erase(it);
  if (tensor.shape != shape && without_unit_dimensions(tensor.shape) != without_unit_dimensions(shape)) {
    problems_.push_back("tensor \"" + name + "\" has shape " + shape_text(tensor.shape) + ", expected " + shape_text(shape));
    return Tensor(shape);
  }
  tensor.shape = shape;
  return tensor;
}

void ParameterBinding::finish() const {
  std::vector<std::string> all = problems_;
  for (const auto& entry : tensors_)
    all.push_back("unexpected tensor \"" + entry.first + "\" of shape " + shape_text(entry.second.shape));
  if (all.empty()) return;
  std::string message = origin_ + ": the weights do not fit the model (" + std::to_string(all.size()) + " problem" +
                        (all.size() > 1 ? "s" : "") + "):";
  for (const auto& p : all) message += "\n  " + p;
  throw std::runtime_error(message);
}

}  // namespace snn

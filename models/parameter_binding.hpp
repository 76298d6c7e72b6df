#pragma once
// Hands a model its tensors by the parameter names of the reference implementation it was trained
// in, checking each shape; at the end, one error lists every tensor that was missing, mis-shaped or
// left over, so that a checkpoint of another architecture fails clearly instead of running wrongly.
#include <map>
#include <string>
#include <vector>

#include "models/tensor.hpp"

namespace snn {

class ParameterBinding {
 public:
  // `origin` names the source in messages (the file).
  ParameterBinding(std::map<std::string, Tensor> tensors, std::string origin);

  bool has(const std::string& name) const { return tensors_.count(name) > 0; }
  const Tensor* find(const std::string& name) const;  // null when absent; does not take it
  // The tensor `name` with shape `shape` (a stored shape that differs only by dimensions of size 1,
  // as PyTorch's [1, 1, d] mixing vectors, is taken and given `shape`). Problems are collected.
  Tensor take(const std::string& name, const TensorShape& shape);
  // Throws std::runtime_error listing every problem, and every tensor not taken.
  void finish() const;

 private:
  std::map<std::string, Tensor> tensors_;
  std::vector<std::string> problems_;
  std::string origin_;
};

}  // namespace snn

#pragma once
// A NIR graph (Neuromorphic Intermediate Representation, the `nir` package's HDF5 files of versions
// 0.x and 1.0.x) as read from a file, before anything is checked: each node's type and parameters,
// each graph's edges by node name. Nested graphs (type NIRGraph) hold their own nodes and edges.
// docs/nir.md says what each node means here and how time is discretised.
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "models/tensor.hpp"

namespace snn {

// A NIR file that cannot be read or run: the message names the file, the node, its type and why.
class NirError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One parameter: a numeric dataset of any type and shape (a scalar has the empty shape), its values
// widened to double (exact for the float32, float64 and integer data NIR files hold), or a string.
struct NirValue {
  TensorShape shape;
  std::vector<double> numbers;
  std::string text;
  bool is_text = false;
  bool is_integer = false;  // stored as integers (shapes, strides, dimensions), else as float32

  int64_t count() const { return is_text ? 0 : static_cast<int64_t>(numbers.size()); }

  // Parameters as writers build them: float32 data of a shape (a vector when none is given),
  // a list of integers (shapes, strides), one integer.
  static NirValue floats(const std::vector<float>& values, TensorShape shape = {}) {
    NirValue v;
    v.shape = shape.empty() ? TensorShape{static_cast<int64_t>(values.size())} : std::move(shape);
    v.numbers.assign(values.begin(), values.end());
    return v;
  }
  static NirValue integers(const std::vector<int64_t>& values) {
    NirValue v;
    v.shape = {static_cast<int64_t>(values.size())};
    v.numbers.assign(values.begin(), values.end());
    v.is_integer = true;
    return v;
  }
  static NirValue integer(int64_t value) {
    NirValue v;
    v.numbers = {static_cast<double>(value)};
    v.is_integer = true;
    return v;
  }
};

struct NirGraph;

struct NirNode {
  std::string name;  // within its graph
  std::string path;  // from the file's root graph: "lif1/lin" for node lin of nested graph lif1
  std::string type;  // "LIF", "Affine", "NIRGraph", ...
  std::map<std::string, NirValue> parameters;
  std::shared_ptr<NirGraph> graph;  // the nested graph, for type NIRGraph

  bool has(const std::string& key) const { return parameters.count(key) > 0; }
  std::string describe() const { return "node '" + path + "' (" + type + ")"; }
};

using NirEdge = std::pair<std::string, std::string>;

struct NirGraph {
  std::vector<NirNode> nodes;  // in the file's order (HDF5 name order)
  std::vector<NirEdge> edges;

  const NirNode* find(const std::string& name) const {
    for (const NirNode& node : nodes)
      if (node.name == name) return &node;
    return nullptr;
  }
};

struct NirFile {
  std::string path, version;
  NirGraph graph;
};

}  // namespace snn

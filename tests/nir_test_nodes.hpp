#pragma once
// NIR nodes and parameter values written in a test's own code (graphs built without a file).
#include <map>
#include <string>
#include <vector>

#include "nir/nir_graph.hpp"

namespace snn::testing {

inline NirValue nir_values(TensorShape shape, std::vector<double> numbers, bool integer = false) {
  NirValue value;
  value.shape = std::move(shape);
  value.numbers = std::move(numbers);
  value.is_integer = integer;
  return value;
}

// n copies of x.
inline NirValue nir_filled(int64_t n, double x) { return nir_values({n}, std::vector<double>(n, x)); }

inline NirNode nir_node(const std::string& name, const std::string& type, std::map<std::string, NirValue> parameters = {}) {
  NirNode n;
  n.name = n.path = name;
  n.type = type;
  n.parameters = std::move(parameters);
  return n;
}

}  // namespace snn::testing

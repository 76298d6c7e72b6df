#pragma once
// Arithmetic expressions in experiment files, such as Izhikevich 2003's "-65 + 15*r^2" or a
// population size "round(20683*scale)". Parsed once, evaluated per neuron or synapse on the host.
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace snn {

// Thrown with the 0-based character offset in the expression text, so that the YAML layer can
// report the exact line and column.
class ExpressionError : public std::runtime_error {
 public:
  ExpressionError(const std::string& message, size_t offset) : std::runtime_error(message), offset_(offset) {}
  size_t offset() const { return offset_; }

 private:
  size_t offset_;
};

class Expression {
 public:
  // Parses `text`. Names in `known_variables` are read at evaluation; names in `constants` are
  // replaced by their values now; any other name is rejected with the list of valid names.
  static Expression parse(const std::string& text, const std::vector<std::string>& known_variables,
                          const std::map<std::string, double>& constants = {});

  // Values of the variables in the order given to parse().
  double evaluate(const double* variable_values) const;
  // Whether the expression reads variable number `index` (e.g. a per-neuron draw).
  bool uses_variable(size_t index) const;
  const std::string& text() const { return text_; }

  struct Node;

 private:
  std::string text_;
  std::shared_ptr<const Node> root_;
};

}  // namespace snn

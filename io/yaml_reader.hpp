#pragma once
// Typed, validated access to a YAML document: every accessor either returns a value of the
// expected kind or throws an ExperimentError pointing at the offending line and column.
#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

#include "core/foundation/nearest_name.hpp"
#include "core/value_distribution.hpp"
#include "io/experiment_error.hpp"

namespace snn {

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const;
  [[noreturn]] void fail_at(const YAML::Mark& mark, const std::string& message) const;

  // Requires a mapping whose keys are all in `allowed`; an unknown key is reported with the nearest
  // valid name.
  void expect_keys(const YAML::Node& map, const std::string& what, const std::vector<std::string>& allowed) const;
  void expect_map(const YAML::Node& node, const std::string& what) const;
  void expect_sequence(const YAML::Node& node, const std::string& what) const;
  YAML::Node require(const YAML::Node& map, const std::string& key, const std::string& what) const;

  std::string string(const YAML::Node& node, const std::string& what) const;
  // A name that the run's file turns into an HDF5 path (a population, projection, input, modulator or
  // readout): text without '/', and neither "." nor "..".
  std::string name(const YAML::Node& node, const std::string& what) const;
  bool boolean(const YAML::Node& node, const std::string& what) const;
  // A number, or an expression of the experiment's constants.
  double number(const YAML::Node& node, const std::string& what) const;
  double positive(const YAML::Node& node, const std::string& what) const;
  double non_negative(const YAML::Node& node, const std::string& what) const;
  uint64_t positive_integer(const YAML::Node& node, const std::string& what) const;
  uint64_t non_negative_integer(const YAML::Node& node, const std::string& what) const;
  // A constant, {uniform: {low, high}}, {normal: {mean, sd, low, high}} or an expression of the
  // per-item draws (r, s, z, i, n) and the constants.
  ValueDistribution distribution(const YAML::Node& node, const std::string& what) const;
  std::vector<double> numbers(const YAML::Node& node, const std::string& what) const;
  // One of the named `choices` (a model, a rule...); anything else is an error naming it as `noun`,
  // with the nearest name and every choice in the order given.
  template <typename T>
  T choice(const YAML::Node& node, const std::string& what, const std::string& noun,
           const std::vector<std::pair<std::string, T>>& choices) const {
    const std::string name = string(node, what);
    std::vector<std::string> names;
    for (const auto& [choice_name, value] : choices) {
      if (choice_name == name) return value;
      names.push_back(choice_name);
    }
    fail_unknown_choice(node, what, noun, name, names);
  }

  void set_constants(std::map<std::string, double> constants) { constants_ = std::move(constants); }
  const std::string& file() const { return file_; }

 private:
  [[noreturn]] void fail_unknown_choice(const YAML::Node& node, const std::string& what, const std::string& noun,
                                       const std::string& name, const std::vector<std::string>& names) const;
  Expression parse_expression(const YAML::Node& node, const std::vector<std::string>& variables) const;
  std::string file_;
  std::map<std::string, double> constants_;
};

// The text of a file, or an ExperimentError saying that `what` (e.g. "the experiment file") cannot be opened.
std::string read_text_file(const std::string& path, const std::string& what);
// A path a YAML file names, relative to that file's folder unless absolute.
std::string path_beside(const std::string& yaml_file, const std::string& path);
// Parses YAML text; a syntax error becomes an ExperimentError at its line and column.
YAML::Node parse_yaml_text(const std::string& text, const std::string& file);


}  // namespace snn

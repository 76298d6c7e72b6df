#include "io/yaml_reader.hpp"

#include <fstream>
#include <sstream>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

namespace snn {
namespace {

std::string list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string describe_kind(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Scalar: return "'" + node.Scalar() + "'";
    default: return "an undefined value";
  }
}

bool parse_plain_number(const std::string& text, double& value) {
  if (text.empty()) return false;
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(value);
}

}  // namespace

void YamlReader::fail_unknown_choice(const YAML::Node& node, const std::string& what, const std::string& noun,
                                     const std::string& name, const std::vector<std::string>& names) const {
  const std::string near = nearest_name(name, names);
  std::string known;
  for (const std::string& n : names) known += (known.empty() ? "" : ", ") + n;
  fail(node, what + ": unknown " + noun + " '" + name + "'" + (near.empty() ? "" : " (did you mean '" + near + "'?)") +
                 "; known: " + known);
}

void YamlReader::fail_at(const YAML::Mark& mark, const std::string& message) const {
  if (mark.is_null()) throw ExperimentError(file_ + " (from --set)", 0, 0, message);
  throw ExperimentError(file_, mark.line + 1, mark.column + 1, message);
}

void YamlReader::fail(const YAML::Node& node, const std::string& message) const { fail_at(node.Mark(), message); }

void YamlReader::expect_map(const YAML::Node& node, const std::string& what) const {
  if (!node.IsMap()) fail(node, what + ": expected a mapping (key: value), got " + describe_kind(node));
}

void YamlReader::expect_sequence(const YAML::Node& node, const std::string& what) const {
  if (!node.IsSequence()) fail(node, what + ": expected a list, got " + describe_kind(node));
}

void YamlReader::expect_keys(const YAML::Node& map, const std::string& what,
                             const std::vector<std::string>& allowed) const {
  expect_map(map, what);
  for (const auto& entry : map) {
    const std::string key = entry.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    const std::string near = nearest_name(key, allowed);
    fail(entry.first, "unknown key '" + key + "' in " + what +
                          (near.empty() ? "" : " (did you mean '" + near + "'?)") + "; valid keys: " + list(allowed));
  }
}

YAML::Node YamlReader::require(const YAML::Node& map, const std::string& key, const std::string& what) const {
  const YAML::Node value = map[key];
  if (!value.IsDefined() || value.IsNull()) fail(map, what + ": missing required key '" + key + "'");
  return value;
}

std::string YamlReader::string(const YAML::Node& node, const std::string& what) const {
  if (!node.IsScalar()) fail(node, what + ": expected a text value, got " + describe_kind(node));
  return node.Scalar();
}

std::string YamlReader::name(const YAML::Node& node, const std::string& what) const {
  const std::string text = string(node, what);
  if (text.empty() || text == "." || text == ".." || text.find('/') != std::string::npos)
    fail(node, what + ": '" + text + "' cannot name anything (names are non-empty, without '/', and not '.' or '..')");
  return text;
}

bool YamlReader::boolean(const YAML::Node& node, const std::string& what) const {
  const std::string text = string(node, what);
  if (text == "true" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "no" || text == "off") return false;
  fail(node, what + ": expected true or false, got '" + text + "'");
}

Expression YamlReader::parse_expression(const YAML::Node& node, const std::vector<std::string>& variables) const {
  try {
    return Expression::parse(node.Scalar(), variables, constants_);
  } catch (const ExpressionError& e) {
    YAML::Mark mark = node.Mark();
    // Point into the expression; a quoted scalar starts one column after its opening quote.
    const int quote = (node.Tag() == "!" ? 1 : 0);
    if (!mark.is_null()) mark.column += static_cast<int>(e.offset()) + quote;
    fail_at(mark, std::string("in expression \"") + node.Scalar() + "\": " + e.what());
  }
}

double YamlReader::number(const YAML::Node& node, const std::string& what) const {
  if (!node.IsScalar()) fail(node, what + ": expected a number, got " + describe_kind(node));
  double value;
  if (parse_plain_number(node.Scalar(), value)) return value;
  const bool looks_like_expression = node.Scalar().find_first_of("+-*/^()") != std::string::npos ||
                                     constants_.count(node.Scalar()) > 0;
  if (!looks_like_expression) fail(node, what + ": expected a number, got '" + node.Scalar() + "'");
  value = parse_expression(node, {}).evaluate(nullptr);
  if (!std::isfinite(value)) fail(node, what + ": expression \"" + node.Scalar() + "\" is not a finite number");
  return value;
}

double YamlReader::positive(const YAML::Node& node, const std::string& what) const {
  const double value = number(node, what);
  if (!(value > 0.0)) fail(node, what + ": must be > 0, got " + node.Scalar());
  return value;
}

double YamlReader::non_negative(const YAML::Node& node, const std::string& what) const {
  const double value = number(node, what);
  if (!(value >= 0.0)) fail(node, what + ": must be >= 0, got " + node.Scalar());
  return value;
}

uint64_t YamlReader::non_negative_integer(const YAML::Node& node, const std::string& what) const {
  // Digits are read as an integer, exactly (a double would round seeds above 2^53).
  if (node.IsScalar() && !node.Scalar().empty() &&
      std::all_of(node.Scalar().begin(), node.Scalar().end(), [](char c) { return c >= '0' && c <= '9'; })) {
    errno = 0;
    const unsigned long long value = std::strtoull(node.Scalar().c_str(), nullptr, 10);
    if (errno == ERANGE) fail(node, what + ": " + node.Scalar() + " is larger than 2^64 - 1");
    return value;
  }
  const double value = number(node, what);
  if (value < 0.0 || value != std::floor(value) || value > 1.8e19)
    fail(node, what + ": expected a whole number >= 0, got " + node.Scalar());
  if (value > 9007199254740992.0)
    fail(node, what + ": write whole numbers above 2^53 as digits, so that none is rounded (got " + node.Scalar() + ")");
  return static_cast<uint64_t>(value);
}

uint64_t YamlReader::positive_integer(const YAML::Node& node, const std::string& what) const {
  const uint64_t value = non_negative_integer(node, what);
  if (value == 0) fail(node, what + ": must be > 0, got " + node.Scalar());
  return value;
}

std::vector<double> YamlReader::numbers(const YAML::Node& node, const std::string& what) const {
  expect_sequence(node, what);
  std::vector<double> values;
  for (size_t k = 0; k < node.size(); ++k) values.push_back(number(node[k], what + "[" + std::to_string(k) + "]"));
  return values;
}

ValueDistribution YamlReader::distribution(const YAML::Node& node, const std::string& what) const {
  ValueDistribution d;
  if (node.IsScalar()) {
    double value;
    if (parse_plain_number(node.Scalar(), value)) return ValueDistribution::constant(value);
    d.expression = parse_expression(node, per_item_variables());
    bool per_item = false;
    for (size_t v = 0; v < per_item_variables().size(); ++v) per_item = per_item || d.expression->uses_variable(v);
    if (!per_item) return ValueDistribution::constant(d.expression->evaluate(nullptr));
    d.kind = ValueDistribution::Kind::kExpression;
    return d;
  }
  if (!node.IsMap() || node.size() != 1)
    fail(node, what + ": expected a number, an expression, {uniform: {low, high}} or {normal: {mean, sd}}, got " +
                   describe_kind(node));
  const std::string kind = node.begin()->first.Scalar();
  const YAML::Node args = node.begin()->second;
  if (kind == "uniform") {
    expect_keys(args, what + " (uniform)", {"low", "high"});
    d.kind = ValueDistribution::Kind::kUniform;
    d.low = number(require(args, "low", what + " (uniform)"), what + ".low");
    d.high = number(require(args, "high", what + " (uniform)"), what + ".high");
    if (!(d.high >= d.low)) fail(args, what + ": uniform needs high >= low");
    return d;
  }
  if (kind == "normal") {
    expect_keys(args, what + " (normal)", {"mean", "sd", "low", "high"});
    d.kind = ValueDistribution::Kind::kNormal;
    d.mean = number(require(args, "mean", what + " (normal)"), what + ".mean");
    d.sd = number(require(args, "sd", what + " (normal)"), what + ".sd");
    if (d.sd < 0.0) fail(args["sd"], what + ": sd must be >= 0");
    if (args["low"]) d.low = number(args["low"], what + ".low");
    if (args["high"]) d.high = number(args["high"], what + ".high");
    if (!(d.high >= d.low)) fail(args, what + ": normal needs high >= low");
    return d;
  }
  const std::string near = nearest_name(kind, {"uniform", "normal"});
  fail(node.begin()->first, what + ": unknown distribution '" + kind + "'" +
                                (near.empty() ? "" : " (did you mean '" + near + "'?)") + "; known: uniform, normal");
}

std::string path_beside(const std::string& yaml_file, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  const size_t slash = yaml_file.find_last_of('/');
  return slash == std::string::npos ? path : yaml_file.substr(0, slash + 1) + path;
}

std::string read_text_file(const std::string& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) throw ExperimentError(path, 0, 0, "cannot open " + what);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

namespace {

// yaml-cpp keeps both entries of a key written twice in one mapping and reads the first: a silent
// choice, refused here at the second. Each node is walked once (an alias shares its anchor's node and
// mark), so a document of nested aliases is not expanded.
void refuse_duplicate_keys(const YAML::Node& node, const std::string& file, std::set<std::pair<int, int>>& walked) {
  if (!node.IsMap() && !node.IsSequence()) return;
  if (!walked.insert({node.Mark().line, node.Mark().column}).second) return;
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) refuse_duplicate_keys(item, file, walked);
    return;
  }
  std::map<std::string, YAML::Mark> keys;
  for (const auto& entry : node) {
    if (entry.first.IsScalar()) {
      const auto [first, inserted] = keys.emplace(entry.first.Scalar(), entry.first.Mark());
      if (!inserted)
        throw ExperimentError(file, entry.first.Mark().line + 1, entry.first.Mark().column + 1,
                              "key '" + entry.first.Scalar() + "' given twice in one mapping (first at line " +
                                  std::to_string(first->second.line + 1) + ", column " +
                                  std::to_string(first->second.column + 1) + ")");
    }
    refuse_duplicate_keys(entry.second, file, walked);
  }
}

}  // namespace

YAML::Node parse_yaml_text(const std::string& text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw ExperimentError(file, e.mark.line + 1, e.mark.column + 1, "YAML syntax error: " + e.msg);
  }
  std::set<std::pair<int, int>> walked;
  refuse_duplicate_keys(root, file, walked);
  return root;
}

}  // namespace snn

#include "core/expression.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace snn {

struct Expression::Node {
  enum Kind { kNumber, kVariable, kNegate, kAdd, kSubtract, kMultiply, kDivide, kPower, kCall } kind;
  double number = 0.0;
  size_t variable = 0;
  std::string function;
  std::vector<std::shared_ptr<const Node>> children;
};

namespace {

using NodePtr = std::shared_ptr<const Expression::Node>;
using Node = Expression::Node;

const std::map<std::string, size_t>& function_arity() {
  static const std::map<std::string, size_t> arity{{"sqrt", 1}, {"exp", 1},   {"log", 1},  {"abs", 1},
                                                   {"round", 1}, {"floor", 1}, {"ceil", 1}, {"min", 2},
                                                   {"max", 2},   {"pow", 2}};
  return arity;
}

// Recursive descent over: sum := product (('+'|'-') product)*; product := unary (('*'|'/') unary)*;
// unary := '-' unary | power; power := atom ('^' unary)?; atom := number | name | name(args) | (sum)
class Parser {
 public:
  Parser(const std::string& text, const std::vector<std::string>& variables,
         const std::map<std::string, double>& constants)
      : text_(text), variables_(variables), constants_(constants) {}

  NodePtr parse_all() {
    // Bounded so that parsing, evaluating and freeing the tree (each recursive) cannot exhaust the
    // stack: a longer chain of terms or deeper nesting than any model needs is refused.
    if (text_.size() > kLongestExpression)
      fail("longer than " + std::to_string(kLongestExpression) + " characters (split it with constants)");
    NodePtr node = parse_sum();
    skip_space();
    if (pos_ != text_.size()) fail(std::string("unexpected '") + text_[pos_] + "'");
    return node;
  }

 private:
  [[noreturn]] void fail(const std::string& message) const { throw ExpressionError(message, pos_); }

  static constexpr size_t kLongestExpression = 10000;
  static constexpr int kDeepestNesting = 200;
  // One level of parentheses or signs, counted while it is parsed.
  struct Nesting {
    explicit Nesting(Parser& parser) : p(parser) {
      if (++p.depth_ > kDeepestNesting) p.fail("nested deeper than " + std::to_string(kDeepestNesting) + " levels");
    }
    ~Nesting() { --p.depth_; }
    Parser& p;
  };

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool accept(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  static NodePtr make(Node::Kind kind, std::vector<NodePtr> children) {
    auto node = std::make_shared<Node>();
    node->kind = kind;
    node->children = std::move(children);
    return node;
  }

  NodePtr parse_sum() {
    NodePtr left = parse_product();
    for (;;) {
      if (accept('+')) left = make(Node::kAdd, {left, parse_product()});
      else if (accept('-')) left = make(Node::kSubtract, {left, parse_product()});
      else return left;
    }
  }
  NodePtr parse_product() {
    NodePtr left = parse_unary();
    for (;;) {
      if (accept('*')) left = make(Node::kMultiply, {left, parse_unary()});
      else if (accept('/')) left = make(Node::kDivide, {left, parse_unary()});
      else return left;
    }
  }
  NodePtr parse_unary() {
    const Nesting nesting(*this);
    if (accept('-')) return make(Node::kNegate, {parse_unary()});
    if (accept('+')) return parse_unary();
    return parse_power();
  }
  NodePtr parse_power() {
    NodePtr base = parse_atom();
    if (accept('^')) return make(Node::kPower, {base, parse_unary()});
    return base;
  }
  NodePtr parse_atom() {
    skip_space();
    if (pos_ >= text_.size()) fail("expression ends where a number, name or '(' was expected");
    const char c = text_[pos_];
    if (accept('(')) {
      const Nesting nesting(*this);
      NodePtr inner = parse_sum();
      if (!accept(')')) fail("expected ')'");
      return inner;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      const char* begin = text_.c_str() + pos_;
      char* end = nullptr;
      const double value = std::strtod(begin, &end);
      if (end == begin) fail("malformed number");
      pos_ += static_cast<size_t>(end - begin);
      auto node = std::make_shared<Node>();
      node->kind = Node::kNumber;
      node->number = value;
      return node;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      const size_t start = pos_;
      while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) ++pos_;
      const std::string name = text_.substr(start, pos_ - start);
      if (accept('(')) return parse_call(name, start);
      for (size_t i = 0; i < variables_.size(); ++i) {
        if (variables_[i] == name) {
          auto node = std::make_shared<Node>();
          node->kind = Node::kVariable;
          node->variable = i;
          return node;
        }
      }
      const auto constant = constants_.find(name);
      if (constant != constants_.end()) {
        auto node = std::make_shared<Node>();
        node->kind = Node::kNumber;
        node->number = constant->second;
        return node;
      }
      pos_ = start;
      std::string known;
      for (const auto& v : variables_) known += (known.empty() ? "" : ", ") + v;
      for (const auto& c : constants_) known += (known.empty() ? "" : ", ") + c.first;
      fail("unknown name '" + name + "' (known here: " + (known.empty() ? "none" : known) + ")");
    }
    fail(std::string("unexpected '") + c + "'");
  }
  NodePtr parse_call(const std::string& name, size_t start) {
    const auto found = function_arity().find(name);
    if (found == function_arity().end()) {
      pos_ = start;
      fail("unknown function '" + name + "' (known: sqrt, exp, log, abs, round, floor, ceil, min, max, pow)");
    }
    std::vector<NodePtr> args;
    if (!accept(')')) {
      do args.push_back(parse_sum());
      while (accept(','));
      if (!accept(')')) fail("expected ')' or ',' in the arguments of " + name);
    }
    if (args.size() != found->second) {
      pos_ = start;
      fail(name + " takes " + std::to_string(found->second) + " argument(s), got " + std::to_string(args.size()));
    }
    auto node = std::make_shared<Node>();
    node->kind = Node::kCall;
    node->function = name;
    node->children = std::move(args);
    return node;
  }

  const std::string& text_;
  const std::vector<std::string>& variables_;
  const std::map<std::string, double>& constants_;
  size_t pos_ = 0;
  int depth_ = 0;  // levels of nesting being parsed
};

double evaluate_node(const Node& node, const double* values) {
  auto arg = [&](size_t i) { return evaluate_node(*node.children[i], values); };
  switch (node.kind) {
    case Node::kNumber: return node.number;
    case Node::kVariable: return values[node.variable];
    case Node::kNegate: return -arg(0);
    case Node::kAdd: return arg(0) + arg(1);
    case Node::kSubtract: return arg(0) - arg(1);
    case Node::kMultiply: return arg(0) * arg(1);
    case Node::kDivide: return arg(0) / arg(1);
    case Node::kPower: return std::pow(arg(0), arg(1));
    case Node::kCall: break;
  }
  const std::string& f = node.function;
  if (f == "sqrt") return std::sqrt(arg(0));
  if (f == "exp") return std::exp(arg(0));
  if (f == "log") return std::log(arg(0));
  if (f == "abs") return std::fabs(arg(0));
  if (f == "round") return std::round(arg(0));
  if (f == "floor") return std::floor(arg(0));
  if (f == "ceil") return std::ceil(arg(0));
  if (f == "min") return std::fmin(arg(0), arg(1));
  if (f == "max") return std::fmax(arg(0), arg(1));
  return std::pow(arg(0), arg(1));  // "pow"; parse() admits no other name
}

bool node_uses(const Node& node, size_t variable) {
  if (node.kind == Node::kVariable) return node.variable == variable;
  for (const auto& child : node.children)
    if (node_uses(*child, variable)) return true;
  return false;
}

}  // namespace

Expression Expression::parse(const std::string& text, const std::vector<std::string>& known_variables,
                              const std::map<std::string, double>& constants) {
  Expression expression;
  expression.text_ = text;
  expression.root_ = Parser(text, known_variables, constants).parse_all();
  return expression;
}

double Expression::evaluate(const double* variable_values) const { return evaluate_node(*root_, variable_values); }

bool Expression::uses_variable(size_t index) const { return node_uses(*root_, index); }

}  // namespace snn

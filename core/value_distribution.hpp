#pragma once
// How a per-neuron parameter, an initial value, a weight or a delay is chosen: a constant, a
// uniform or normal draw, or an expression of per-item random draws (Izhikevich 2003's
// c = -65 + 15 r^2 shares r with d = 8 - 6 r^2 for the same neuron).
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/expression.hpp"
#include "core/foundation/random_stream.hpp"
#include "core/value_draw.hpp"

namespace snn {

struct ValueDistribution {
  enum class Kind { kConstant, kUniform, kNormal, kExpression };
  Kind kind = Kind::kConstant;
  double value = 0.0;                                        // constant
  double low = -std::numeric_limits<double>::infinity();     // uniform lower end, or normal's lower bound
  double high = std::numeric_limits<double>::infinity();     // uniform upper end, or normal's upper bound
  double mean = 0.0, sd = 0.0;                               // normal; redrawn until inside [low, high]
  std::optional<Expression> expression;

  static ValueDistribution constant(double v) {
    ValueDistribution d;
    d.value = v;
    return d;
  }
  bool is_constant() const { return kind == Kind::kConstant; }
  std::string describe() const;
};

// The names an expression may use for one item: r and s are independent uniform draws in [0,1),
// z a standard normal draw, all three shared by every quantity of the same item; i is the item's
// index and n the number of items.
const std::vector<std::string>& per_item_variables();

// Draws for the item `index`. `own` is the stream of this quantity (for uniform and normal
// distributions); `shared` is the owner's stream of r, s and z.
double sample_value(const ValueDistribution& distribution, const RandomStream& own, const RandomStream& shared,
                    uint64_t index, uint64_t sub_index, uint64_t count);

// The same for every item 0..count-1.
std::vector<float> sample_values(const ValueDistribution& distribution, const RandomStream& own,
                                 const RandomStream& shared, uint64_t count);

// The smallest and largest value a distribution can draw ([low, high] of a normal's bounds, which may
// be infinite); nothing for expressions, whose range is known only by drawing.
struct DrawnRange {
  double low, high;
};
std::optional<DrawnRange> drawn_range(const ValueDistribution& distribution);

// The distribution in the form the GPU can draw from; nothing for expressions.
std::optional<SimpleDistribution> as_simple(const ValueDistribution& distribution);

// A stable small number for a quantity's name, used as the stream slot of that quantity.
uint32_t name_slot(const std::string& name);

}  // namespace snn

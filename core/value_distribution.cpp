#include "core/value_distribution.hpp"

#include <cmath>
#include <sstream>

namespace snn {

const std::vector<std::string>& per_item_variables() {
  static const std::vector<std::string> names{"r", "s", "z", "i", "n"};
  return names;
}

uint32_t name_slot(const std::string& name) {
  uint32_t hash = 2166136261u;  // FNV-1a
  for (unsigned char c : name) hash = (hash ^ c) * 16777619u;
  return hash & 0x00FFFFFFu;
}

double sample_value(const ValueDistribution& d, const RandomStream& own, const RandomStream& shared, uint64_t index,
                    uint64_t sub_index, uint64_t count) {
  switch (d.kind) {
    case ValueDistribution::Kind::kConstant: return d.value;
    case ValueDistribution::Kind::kUniform: {
      const PhiloxBlock b = own.block(index, sub_index);
      return d.low + (d.high - d.low) * static_cast<double>(uniform_from_bits(b.v[0]));
    }
    case ValueDistribution::Kind::kNormal: {
      // Redraw from fresh counters until the value lies inside the bounds (NEST's "redraw").
      for (uint64_t attempt = 0; attempt < 1000; ++attempt) {
        const PhiloxBlock b = own.block(index, sub_index ^ (attempt << 40));
        for (int pair = 0; pair < 2; ++pair) {
          const double x = d.mean + d.sd * static_cast<double>(normal_from_bits(b.v[2 * pair], b.v[2 * pair + 1]));
          if (x >= d.low && x <= d.high) return x;
        }
      }
      return std::fmin(std::fmax(d.mean, d.low), d.high);  // bounds so narrow that draws never land
    }
    case ValueDistribution::Kind::kExpression: break;
  }
  const PhiloxBlock b = shared.block(index, sub_index);
  const double variables[5] = {static_cast<double>(uniform_from_bits(b.v[0])),
                               static_cast<double>(uniform_from_bits(b.v[1])),
                               static_cast<double>(normal_from_bits(b.v[2], b.v[3])), static_cast<double>(index),
                               static_cast<double>(count)};
  return d.expression->evaluate(variables);
}

std::vector<float> sample_values(const ValueDistribution& d, const RandomStream& own, const RandomStream& shared,
                                 uint64_t count) {
  std::vector<float> values(count);
  for (uint64_t i = 0; i < count; ++i) values[i] = static_cast<float>(sample_value(d, own, shared, i, 0, count));
  return values;
}

std::string ValueDistribution::describe() const {
  std::ostringstream out;
  switch (kind) {
    case Kind::kConstant: out << value; break;
    case Kind::kUniform: out << "uniform(" << low << ", " << high << ")"; break;
    case Kind::kNormal: out << "normal(" << mean << ", " << sd << ")"; break;
    case Kind::kExpression: out << "\"" << expression->text() << "\""; break;
  }
  return out.str();
}

}  // namespace snn

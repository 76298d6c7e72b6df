#include "core/value_distribution.hpp"

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

std::optional<DrawnRange> drawn_range(const ValueDistribution& d) {
  switch (d.kind) {
    case ValueDistribution::Kind::kConstant: return DrawnRange{d.value, d.value};
    case ValueDistribution::Kind::kUniform:
    case ValueDistribution::Kind::kNormal: return DrawnRange{d.low, d.high};
    case ValueDistribution::Kind::kExpression: return std::nullopt;
  }
  return std::nullopt;
}

std::optional<SimpleDistribution> as_simple(const ValueDistribution& d) {
  switch (d.kind) {
    case ValueDistribution::Kind::kConstant: return SimpleDistribution{SimpleDistribution::kConstant, d.value, d.low, d.high, d.mean, d.sd};
    case ValueDistribution::Kind::kUniform: return SimpleDistribution{SimpleDistribution::kUniform, d.value, d.low, d.high, d.mean, d.sd};
    case ValueDistribution::Kind::kNormal: return SimpleDistribution{SimpleDistribution::kNormal, d.value, d.low, d.high, d.mean, d.sd};
    case ValueDistribution::Kind::kExpression: return std::nullopt;
  }
  return std::nullopt;
}

double sample_value(const ValueDistribution& d, const RandomStream& own, const RandomStream& shared, uint64_t index,
                    uint64_t sub_index, uint64_t count) {
  if (d.kind != ValueDistribution::Kind::kExpression) return draw_simple(*as_simple(d), own, index, sub_index);
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

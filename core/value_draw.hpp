#pragma once
// A value drawn from a constant, uniform or normal distribution, as one host/device function: the
// CPU builder and the GPU builder compute the same double-precision arithmetic on the same Philox
// bits. Expressions of per-item draws are evaluated on the host only.
#include <cstdint>

#include "core/foundation/random_stream.hpp"

namespace snn {

struct SimpleDistribution {
  enum Kind : uint32_t { kConstant, kUniform, kNormal } kind;
  double value, low, high, mean, sd;
};

SNN_HD double draw_simple(const SimpleDistribution& d, const RandomStream& own, uint64_t index, uint64_t sub_index) {
  switch (d.kind) {
    case SimpleDistribution::kConstant: return d.value;
    case SimpleDistribution::kUniform: {
      const PhiloxBlock b = own.block(index, sub_index);
      return d.low + (d.high - d.low) * static_cast<double>(uniform_from_bits(b.v[0]));
    }
    case SimpleDistribution::kNormal: break;
  }
  // Redraw from fresh counters until the value lies inside the bounds (NEST's "redraw").
  for (uint64_t attempt = 0; attempt < 1000; ++attempt) {
    const PhiloxBlock b = own.block(index, sub_index ^ (attempt << 40));
    for (int pair = 0; pair < 2; ++pair) {
      const double x = d.mean + d.sd * static_cast<double>(normal_from_bits(b.v[2 * pair], b.v[2 * pair + 1]));
      if (x >= d.low && x <= d.high) return x;
    }
  }
  return d.mean < d.low ? d.low : (d.mean > d.high ? d.high : d.mean);  // bounds so narrow draws never land
}

}  // namespace snn

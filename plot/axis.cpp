#include "plot/axis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace snn::plot {
namespace {

// The round spacing (1, 2 or 5 times a power of ten) nearest above span / wanted.
double nice_step(double span, int wanted) {
  const double raw = span / std::max(1, wanted);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * power * 1.0000001) return m * power;
  return 10 * power;
}

}  // namespace

double AxisRange::fraction(double value) const {
  if (scale == Scale::kLog) {
    const double v = value > 0 ? std::log10(value) : std::log10(low);
    return (v - std::log10(low)) / (std::log10(high) - std::log10(low));
  }
  return (value - low) / (high - low);
}

AxisRange fit_range(double smallest, double largest, Scale scale) {
  if (scale == Scale::kLog) {
    if (!(largest > 0) || !std::isfinite(largest)) return {1, 10, scale};
    if (!(smallest > 0) || !std::isfinite(smallest)) smallest = largest / 10;
    double low = std::floor(std::log10(smallest)), high = std::ceil(std::log10(largest));
    if (high <= low) high = low + 1;
    return {std::pow(10.0, low), std::pow(10.0, high), scale};
  }
  if (!std::isfinite(smallest) || !std::isfinite(largest) || smallest > largest) return {0, 1, scale};
  if (smallest == largest) {
    const double room = smallest == 0 ? 1 : std::abs(smallest) * 0.1;
    smallest -= room;
    largest += room;
  }
  const double step = nice_step(largest - smallest, 5);
  return {std::floor(smallest / step + 1e-9) * step, std::ceil(largest / step - 1e-9) * step, scale};
}

std::string tick_label(double value, double spacing) {
  if (std::abs(value) < spacing * 1e-6) value = 0;
  char text[32];
  const double magnitude = std::max(std::abs(value), spacing);
  if (magnitude >= 1e5 || magnitude < 1e-3) {
    std::snprintf(text, sizeof text, "%.3g", value);
  } else {
    const int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(spacing) - 1e-9)));
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
  }
  return text;
}

std::vector<Tick> ticks(const AxisRange& range, int wanted) {
  std::vector<Tick> out;
  if (range.scale == Scale::kLog) {
    const int low = static_cast<int>(std::lround(std::log10(range.low))),
              high = static_cast<int>(std::lround(std::log10(range.high)));
    const int every = std::max(1, (high - low + wanted - 1) / wanted);
    for (int d = low; d <= high; d += every) out.push_back({std::pow(10.0, d), tick_label(std::pow(10.0, d), std::pow(10.0, d))});
    if (high - low == 1)  // one decade: 2 and 5 times its start as well
      for (const double m : {2.0, 5.0}) out.push_back({m * range.low, tick_label(m * range.low, range.low)});
    std::sort(out.begin(), out.end(), [](const Tick& a, const Tick& b) { return a.value < b.value; });
    return out;
  }
  const double step = nice_step(range.high - range.low, wanted);
  for (double k = std::ceil(range.low / step - 1e-9); k * step <= range.high + step * 1e-9; ++k)
    out.push_back({k * step, tick_label(k * step, step)});
  return out;
}

}  // namespace snn::plot

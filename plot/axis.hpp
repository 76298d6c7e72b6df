#pragma once
// One axis of a chart: a linear or logarithmic scale over a range widened to round values, and the
// ticks it labels (1, 2 and 5 times powers of ten; whole decades on a log scale spanning several).
#include <string>
#include <vector>

namespace snn::plot {

enum class Scale { kLinear, kLog };

struct AxisRange {
  double low = 0, high = 1;
  Scale scale = Scale::kLinear;
  // Where `value` lies along the range, 0 at low and 1 at high (outside for values beyond it; values
  // at or below zero sit at the low end of a log axis).
  double fraction(double value) const;
};

struct Tick {
  double value;
  std::string label;
};

// A range covering [smallest, largest]: linear ranges end on tick values (a single value gets room
// around it), log ranges on powers of ten. Non-finite bounds, or none positive on a log axis, give
// [0, 1] or [1, 10].
AxisRange fit_range(double smallest, double largest, Scale scale);

// About `wanted` ticks inside the range, labelled with no more digits than their spacing needs.
std::vector<Tick> ticks(const AxisRange& range, int wanted = 6);

// A number as a tick shows it: "0.05", "120", "2e+06", without trailing zeros.
std::string tick_label(double value, double spacing);

}  // namespace snn::plot

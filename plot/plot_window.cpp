#include "plot/plot_window.hpp"

#include <algorithm>
#include <cmath>

namespace snn::plot {

TimeUnit time_unit(const PlotWindow& window) {
  return window.span() > 100000 ? TimeUnit{1e-3, "time (s)"} : TimeUnit{1.0, "time (ms)"};
}

void put_on_time_axis(Chart& chart, const PlotWindow& window, std::optional<double> from_ms) {
  const TimeUnit unit = time_unit(window);
  for (Series& s : chart.series)
    for (double& x : s.x) x *= unit.per_ms;
  for (Rule& r : chart.rules) r.x *= unit.per_ms;
  for (Note& n : chart.notes) n.x *= unit.per_ms;
  chart.x_low = from_ms.value_or(window.from_ms) * unit.per_ms;
  chart.x_high = window.to_ms * unit.per_ms;
  chart.x_label = unit.label;
}

double round_bin_ms(const PlotWindow& window, double dt_ms, double bins) {
  const double raw = std::max(window.span() / std::max(1.0, bins), 1e-9);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double bin = 10 * power;
  for (const double m : {1.0, 2.0, 5.0})
    if (raw <= m * power * 1.0000001) {
      bin = m * power;
      break;
    }
  return std::max(bin, dt_ms);
}

}  // namespace snn::plot

#pragma once
// What `snn plot` shows of a run: a span of biological time and a choice of populations.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plot/chart.hpp"

namespace snn::plot {

struct PlotOptions {
  std::vector<std::string> populations;  // empty: all that were recorded
  std::optional<double> from_ms, to_ms;  // empty: the run's start and the time it reached
  uint64_t raster_budget = 60000;        // spikes a raster draws at most (plot/raster_decimation.hpp)
};

struct PlotWindow {
  double from_ms = 0, to_ms = 0;
  double span() const { return to_ms - from_ms; }
};

// Time axes in ms, or in s for windows longer than 100 s (an hour's run reads 0..3600, not 0..3.6e6).
struct TimeUnit {
  double per_ms;      // axis value = ms * per_ms
  const char* label;  // "time (ms)" or "time (s)"
};
TimeUnit time_unit(const PlotWindow& window);

// Puts a chart whose x values are times in ms on the window's time axis: its ends [from, to] (or `from`
// where given), its unit and label, every x value converted.
void put_on_time_axis(Chart& chart, const PlotWindow& window, std::optional<double> from_ms = std::nullopt);

// A round bin width (1, 2 or 5 times a power of ten, ms) giving about `bins` bins over the window,
// never below the time step.
double round_bin_ms(const PlotWindow& window, double dt_ms, double bins);

}  // namespace snn::plot

#pragma once
// The figures every run with recorded spikes gets: a raster, the population rates over time and their
// power spectra, and per population the distribution of interspike intervals and of each neuron's
// coefficient of variation.
#include <vector>

#include "io/hdf5_reader.hpp"
#include "plot/plot_window.hpp"
#include "plot/report_page.hpp"

namespace snn::plot {

Section activity_section(const std::vector<const RecordedSpikes*>& populations, const PlotWindow& window, double dt_ms,
                         uint64_t raster_budget);

Section irregularity_section(const std::vector<const RecordedSpikes*>& populations, const PlotWindow& window);

}  // namespace snn::plot

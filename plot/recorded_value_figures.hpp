#pragma once
// Figures of what a run sampled besides spikes: state variables over time, each plastic projection's
// final weights and sampled weight histories, and host readouts (with their teachers, for FORCE).
#include "io/hdf5_reader.hpp"
#include "plot/plot_window.hpp"
#include "plot/report_page.hpp"

namespace snn::plot {

// Empty sections (no figures) where the run recorded none of these.
Section state_section(const RecordedRun& run, const PlotWindow& window);
Section weight_section(const RecordedRun& run, const PlotWindow& window);
Section readout_section(const RecordedRun& run, const PlotWindow& window);

}  // namespace snn::plot

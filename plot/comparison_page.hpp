#pragma once
// `snn plot A.h5 B.h5`: two runs of a network on one page (CPU against GPU, before and after learning,
// two parameter sets): whether their spikes are identical, each population's rate and regularity side
// by side, the network's rate over time and the final weights overlaid, then each run's own activity.
#include <string>
#include <vector>

#include "io/hdf5_reader.hpp"
#include "plot/plot_window.hpp"
#include "plot/report_page.hpp"

namespace snn::plot {

// Throws std::invalid_argument as run_page does (plot/run_page.hpp), for either run.
Page comparison_page(const std::string& path_a, const RecordedRun& a, const std::string& path_b, const RecordedRun& b,
                     const PlotOptions& options);

// Whether two populations' recorded spikes are the same, spike for spike, within [from, to); where not,
// the time of the first that differs.
struct SpikeAgreement {
  bool identical = true;
  double first_difference_ms = 0;
};
SpikeAgreement compare_spikes(const RecordedSpikes& a, const RecordedSpikes& b, double from_ms, double to_ms);

}  // namespace snn::plot

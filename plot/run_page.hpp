#pragma once
// The page `snn plot RUN.h5` writes for a network's run: what the run was, the figures of what its
// experiment was built to show (plot/result_figures.hpp), then every generic figure of what it
// recorded: spikes, rates and spectra, regularity, state, weights, readouts.
#include <string>

#include "io/hdf5_reader.hpp"
#include "plot/plot_window.hpp"
#include "plot/report_page.hpp"

namespace snn::plot {

// Throws std::invalid_argument for options that do not fit the run (an unknown or unrecorded population,
// an empty or inverted window), with a message naming what there is.
Page run_page(const std::string& path, const RecordedRun& run, const PlotOptions& options);

// The window the options ask of the run: from 0 (or --from) to the time it reached (or --to); throws
// as run_page does. `notes` receives a sentence where --to lies beyond what the run holds.
PlotWindow window_of(const RecordedRun& run, const PlotOptions& options, std::vector<std::string>* notes);

// The recorded spikes of the populations the options name (all, by default), in the run's order.
std::vector<const RecordedSpikes*> chosen_populations(const RecordedRun& run, const PlotOptions& options);

}  // namespace snn::plot

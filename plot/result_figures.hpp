#pragma once
// The figures that show what an experiment was built to show, found from the experiment itself rather
// than from its name, so that a user's own experiment of the same kind gets them too:
//   - the STDP window: a pair rule's weight change against each synapse's pre/post spike timing, where
//     both neurons fired once, beside the rule's analytic curve;
//   - plasticity against pairing frequency: the weight change of synapses whose neurons fired regular
//     trains of equal length, against the trains' frequency, per pre/post lag;
//   - a rewarded synapse (a modulator's reward condition) against the other sampled synapses;
//   - readouts of a cued-trials task, averaged over the last quarter of each phase, against the teacher;
//   - population rates against the reference rates the experiment names (its `reference` section).
#include <optional>
#include <vector>

#include "core/experiment_spec.hpp"
#include "io/experiment_tasks.hpp"
#include "io/hdf5_reader.hpp"
#include "plot/plot_window.hpp"
#include "plot/report_page.hpp"

namespace snn::plot {

std::vector<Figure> result_figures(const RecordedRun& run, const ExperimentSpec& spec, const ExperimentTasks& tasks,
                                   const PlotWindow& window);

std::optional<Figure> stdp_window_figure(const RecordedRun& run, const ExperimentSpec& spec);
std::optional<Figure> pairing_frequency_figure(const RecordedRun& run, const ExperimentSpec& spec);
std::optional<Figure> rewarded_synapse_figure(const RecordedRun& run, const ExperimentSpec& spec, const PlotWindow& window);
std::vector<Figure> cued_trial_figures(const RecordedRun& run, const ExperimentSpec& spec, const ExperimentTasks& tasks);
std::optional<Figure> reference_rates_figure(const RecordedRun& run, const ExperimentTasks& tasks, const PlotWindow& window);

}  // namespace snn::plot

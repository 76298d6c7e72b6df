#include "plot/result_figures.hpp"

namespace snn::plot {

std::vector<Figure> result_figures(const RecordedRun& run, const ExperimentSpec& spec, const ExperimentTasks& tasks,
                                   const PlotWindow& window) {
  std::vector<Figure> out;
  if (auto f = stdp_window_figure(run, spec)) out.push_back(std::move(*f));
  if (auto f = pairing_frequency_figure(run, spec)) out.push_back(std::move(*f));
  if (auto f = rewarded_synapse_figure(run, spec, window)) out.push_back(std::move(*f));
  for (Figure& f : cued_trial_figures(run, spec, tasks)) out.push_back(std::move(f));
  if (auto f = reference_rates_figure(run, tasks, window)) out.push_back(std::move(*f));
  return out;
}

}  // namespace snn::plot

#include "plot/run_page.hpp"

#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "core/foundation/number_text.hpp"
#include "io/recorded_experiment.hpp"
#include "plot/recorded_value_figures.hpp"
#include "plot/result_figures.hpp"
#include "plot/spike_figures.hpp"
#include "plot/spike_train_statistics.hpp"

namespace snn::plot {
namespace {

std::string rate_table(const std::vector<const RecordedSpikes*>& populations, const PlotWindow& window) {
  std::ostringstream html;
  html << "<table><tr><th>population</th><th>neurons</th><th>spikes in the window</th><th>rate (spikes/s per neuron)</th></tr>";
  for (const RecordedSpikes* p : populations) {
    html << "<tr><td>" << escape_xml(p->population) << "</td><td>" << p->size << "</td><td>"
         << spike_count(*p, window.from_ms, window.to_ms) << "</td><td>"
         << number_text(mean_rate(*p, window.from_ms, window.to_ms), "%.4g") << "</td></tr>";
  }
  return html.str() + "</table>\n";
}

}  // namespace

PlotWindow window_of(const RecordedRun& run, const PlotOptions& options, std::vector<std::string>* notes) {
  const double reached = run.status == "complete" ? run.duration_ms : run.time_reached_ms;
  PlotWindow w{options.from_ms.value_or(0.0), options.to_ms.value_or(reached)};
  if (w.from_ms < 0) throw std::invalid_argument("--from " + number_text(w.from_ms, "%g") + ": a time from the run's start, at least 0 ms");
  if (w.to_ms > reached) {
    if (notes)
      notes->push_back("--to " + number_text(w.to_ms, "%g") + " ms lies beyond the " + number_text(reached, "%g") +
                       " ms the file holds; the figures end there.");
    w.to_ms = reached;
  }
  if (!(w.to_ms > w.from_ms))
    throw std::invalid_argument("the window from " + number_text(w.from_ms, "%g") + " to " + number_text(w.to_ms, "%g") +
                                " ms is empty (the file holds the run from 0 to " + number_text(reached, "%g") + " ms)");
  return w;
}

std::vector<const RecordedSpikes*> chosen_populations(const RecordedRun& run, const PlotOptions& options) {
  std::vector<const RecordedSpikes*> out;
  if (options.populations.empty()) {
    for (const RecordedSpikes& s : run.spikes) out.push_back(&s);
    return out;
  }
  for (const std::string& name : options.populations) {
    const RecordedSpikes* found = nullptr;
    for (const RecordedSpikes& s : run.spikes)
      if (s.population == name) found = &s;
    if (!found) {
      std::string have;
      for (const RecordedSpikes& s : run.spikes) have += (have.empty() ? "" : ", ") + s.population;
      throw std::invalid_argument("--populations: the run holds no spikes of '" + name + "' (recorded: " +
                                  (have.empty() ? "none" : have) + ")");
    }
    out.push_back(found);
  }
  return out;
}

Page run_page(const std::string& path, const RecordedRun& run, const PlotOptions& options) {
  Page page;
  const PlotWindow window = window_of(run, options, &page.warnings);
  const std::vector<const RecordedSpikes*> populations = chosen_populations(run, options);
  page.title = (run.experiment_name.empty() ? path : run.experiment_name) + ": " + path;
  page.facts = {{"status", run.status},
                {"simulated", number_text(run.time_reached_ms, "%g") + " of " + number_text(run.duration_ms, "%g") + " ms, dt " +
                                  number_text(run.dt_ms, "%g") + " ms"},
                {"shown", number_text(window.from_ms, "%g") + " to " + number_text(window.to_ms, "%g") + " ms"},
                {"backend", run.backend + ", seed " + std::to_string(run.seed) +
                                (run.wall_time_s >= 0 ? ", wall time " + number_text(run.wall_time_s, "%.3f") + " s" : "")},
                {"snn", run.version}};
  if (run.status == "interrupted")
    page.warnings.push_back("The run was stopped before its end; the file holds it whole up to " + number_text(run.time_reached_ms, "%g") + " ms.");
  else if (run.status != "complete")
    page.warnings.push_back("The run did not close its file (killed?); it holds the run up to " + number_text(run.time_reached_ms, "%g") +
                            " ms, which the figures show.");
  // The experiment's own figures need the experiment as it ran; a file whose YAML no longer loads
  // (a data file moved away) still gets every generic figure.
  try {
    ExperimentTasks tasks;
    const ExperimentSpec spec = load_recorded_experiment(run, path, &tasks);
    if (!spec.description.empty()) page.facts.insert(page.facts.begin(), {"experiment", spec.description});
    Section result;
    result.title = "What the experiment shows";
    result.figures = result_figures(run, spec, tasks, window);
    if (!result.figures.empty()) page.sections.push_back(std::move(result));
  } catch (const std::exception& e) {
    page.warnings.push_back(std::string("The experiment's own figures are left out: its YAML, as stored in the file, does not load (") +
                            e.what() + ").");
  }
  if (!populations.empty()) {
    Section activity = activity_section(populations, window, run.dt_ms, options.raster_budget);
    activity.table_html = rate_table(populations, window);
    page.sections.push_back(std::move(activity));
    Section regularity = irregularity_section(populations, window);
    if (!regularity.figures.empty()) page.sections.push_back(std::move(regularity));
  }
  for (Section s : {state_section(run, window), weight_section(run, window), readout_section(run, window)})
    if (!s.figures.empty()) page.sections.push_back(std::move(s));
  if (page.sections.empty()) page.warnings.push_back("The run recorded nothing to draw (no spikes, state, weights or readouts).");
  return page;
}

}  // namespace snn::plot

#include "plot/motion_delay_page.hpp"

namespace snn::plot {
namespace {

// Accuracies in percent.
Series series(Series::Kind kind, std::string name, std::vector<double> x, const std::vector<double>& fractions, size_t style) {
  return data_series(kind, std::move(name), std::move(x), percent_of(fractions), style);
}

}  // namespace

Page motion_delay_page(const MotionDelayResults& r) {
  Page page;
  page.title = "Heterogeneous delays: " + r.name;
  page.facts = r.facts;
  Chart delays;
  delays.id = "accuracy_by_delays";
  delays.title = "Accuracy against the number of delays";
  delays.x_label = "delays (synapses per input and position)";
  delays.y_label = "test accuracy (%)";
  delays.y_low = 0;
  delays.y_high = 100;
  delays.series.push_back(series(Series::Kind::kMarkers, "trained with that many delays", r.delays, r.delay_accuracy, 0));
  delays.series.push_back(series(Series::Kind::kLine, "", r.delays, r.delay_accuracy, 0));
  delays.rules.push_back({r.delays.empty() ? 1.0 : r.delays.front(), ""});
  delays.notes.push_back({r.delays.empty() ? 1.0 : r.delays.front(), 100 * r.chance, "chance"});
  Chart load;
  load.id = "accuracy_by_weights_kept";
  load.title = "Accuracy against the weights kept";
  load.x_label = "fraction of the weights kept (the work per event scales with it)";
  load.y_label = "test accuracy (%)";
  load.x_scale = Scale::kLog;
  load.y_low = 0;
  load.y_high = 100;
  load.series.push_back(series(Series::Kind::kMarkers, "pruned: the smallest weights removed", r.pruned_kept, r.pruned_accuracy, 0));
  load.series.push_back(series(Series::Kind::kLine, "", r.pruned_kept, r.pruned_accuracy, 0));
  load.series.push_back(series(Series::Kind::kMarkers, "shortened: only the shortest delays kept", r.shortened_kept, r.shortened_accuracy, 1));
  load.series.push_back(series(Series::Kind::kLine, "", r.shortened_kept, r.shortened_accuracy, 1));
  page.sections.push_back({"Motion detection by delays",
                           "Accuracy: the fraction of (test movie, time) whose direction the layer names, the evidence of every position "
                           "averaged (Grimaldi & Perrinet 2023). Pruning and shortening act on the layer with the most delays, without "
                           "training again.",
                           {{delays, "Each point is a layer trained with that many delays; chance is one over the directions."},
                            {load, "Pruning keeps the weights of largest magnitude; shortening keeps the shortest delays."}},
                           ""});
  return page;
}

}  // namespace snn::plot

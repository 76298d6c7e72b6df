#include "plot/layer_run_page.hpp"

#include <algorithm>
#include <cstdio>

#include "core/foundation/number_text.hpp"

namespace snn::plot {
namespace {

Figure layer_rates(const LayerRunRecord& run) {
  Figure f;
  Chart& c = f.chart;
  c.id = "layer-rates";
  c.title = "Firing rate of each LIF layer";
  c.x_label = "layer (in the model's order)";
  c.y_label = "fraction of neuron-steps with a spike";
  c.x_labels_slanted = true;
  c.width = std::max(720.0, 110.0 + 16.0 * static_cast<double>(run.layers.size()));
  Series firing, input;
  firing.kind = input.kind = Series::Kind::kBars;
  firing.name = "firing rate";
  input.name = "non-zero inputs of the product feeding it";
  firing.fill = "#0072B2";
  input.fill = "#E69F00";
  for (size_t k = 0; k < run.layers.size(); ++k) {
    const LayerCountRecord& l = run.layers[k];
    const double rate = l.spike_values > 0 ? static_cast<double>(l.spikes) / static_cast<double>(l.spike_values) : 0;
    firing.x.push_back(static_cast<double>(k) - 0.2);
    firing.y.push_back(rate);
    firing.tooltips.push_back(l.name + ": firing rate " + number_text(rate, "%.4f"));
    if (l.input_values > 0) {
      const double in = static_cast<double>(l.input_nonzero) / static_cast<double>(l.input_values);
      input.x.push_back(static_cast<double>(k) + 0.2);
      input.y.push_back(in);
      input.tooltips.push_back(l.name + ": input rate " + number_text(in, "%.4f"));
    }
    c.x_ticks.push_back({static_cast<double>(k), l.name});
  }
  c.series.push_back(std::move(firing));
  if (!input.x.empty()) c.series.push_back(std::move(input));
  f.caption = std::to_string(run.layers.size()) +
              " layers over all images and time steps; the input rate is shown where a layer is fed by a product of spikes "
              "(what an event-driven chip pays for).";
  return f;
}

Figure predicted_classes(const LayerRunRecord& run) {
  const int64_t images = run.logits.dim(0), classes = run.logits.dim(1);
  std::vector<double> counts(static_cast<size_t>(classes), 0.0);
  for (int64_t i = 0; i < images; ++i) {
    const float* row = run.logits.row(i);
    counts[static_cast<size_t>(std::max_element(row, row + classes) - row)] += 1;
  }
  Figure f;
  f.chart.id = "predicted-classes";
  f.chart.title = "Largest output of each input (its predicted class or token)";
  f.chart.x_label = "output (class or token)";
  f.chart.y_label = "inputs";
  Series s;
  s.kind = Series::Kind::kBars;
  s.fill = "#009E73";
  for (int64_t k = 0; k < classes; ++k) {
    s.x.push_back(static_cast<double>(k));
    s.y.push_back(counts[static_cast<size_t>(k)]);
    s.tooltips.push_back("class " + std::to_string(k) + ": " + number_text(counts[static_cast<size_t>(k)], "%.0f") + " inputs");
  }
  f.chart.series.push_back(std::move(s));
  f.caption = std::to_string(images) + " inputs, counted by the output that was largest for each.";
  return f;
}

}  // namespace

Page layer_run_page(const std::string& path, const LayerRunRecord& run) {
  Page page;
  page.title = run.name + ": " + path;
  page.facts = {{"model", run.model},
                {"time steps", std::to_string(run.time_steps)},
                {"backend", run.backend + ", wall time " + number_text(run.wall_time_s, "%.3f") + " s"}};
  Section layers;
  layers.title = "Layers";
  if (!run.layers.empty()) layers.figures.push_back(layer_rates(run));
  if (run.logits.shape.size() == 2 && run.logits.dim(0) > 0 && run.logits.dim(1) > 0) layers.figures.push_back(predicted_classes(run));
  if (!layers.figures.empty()) page.sections.push_back(std::move(layers));
  else page.warnings.push_back("The run recorded no layers and no outputs.");
  return page;
}

}  // namespace snn::plot

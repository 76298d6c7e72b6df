#pragma once
// The figures of an energy report, drawn with the project's chart library (plot/chart.hpp): each in the
// energy unit that fits it, on log axes where values span decades, colour-blind-safe, readable at 50+
// layers.
#include <string>
#include <vector>

#include "energy/energy_model.hpp"
#include "plot/report_page.hpp"

namespace snn::energy {

// The SNN's energy per layer, in the model's order, shades alternating between blocks (a layer's
// block is its name up to the first '.': stem, block0, ...).
plot::Figure per_layer_figure(const EnergyReport& report);
// Per layer, the SNN's energy over each baseline's: below 1 the SNN wins that layer.
plot::Figure layer_ratio_figure(const EnergyReport& report);
// The network's energy against a common scale of its firing rates (log-log), the baselines as levels,
// each break-even point marked and labelled, the given rates' point labelled.
plot::Figure versus_rate_figure(const EnergyReport& report);
// Where each model's energy goes: synaptic operations, neuron updates, and the memory traffic of
// weights, membrane and activations, with values and percentages on hover and in the table.
plot::Figure breakdown_figure(const EnergyReport& report);
std::string breakdown_table(const EnergyReport& report);
// The published figure beside this estimate (empty chart when the architecture has none).
plot::Figure published_figure(const EnergyReport& report);
// Totals of several reports side by side (profiles, or runs): one group of bars per report.
plot::Figure reports_figure(const std::vector<std::pair<std::string, EnergyReport>>& reports);

// A layer's block: its name up to the first '.', or the whole name.
std::string block_of(const std::string& layer_name);

}  // namespace snn::energy

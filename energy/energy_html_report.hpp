#pragma once
// The energy report as one self-contained HTML page (no network access, no scripts from elsewhere)
// with three SVG charts: energy per layer for the SNN and each ANN baseline (log scale), the
// network's energy against a common scale of its firing rates with the break-even points, and the
// shares of compute and memory in each model's energy and of weights, membrane and activations in
// its memory traffic. Each chart is an <svg class="chart" id="..."> whose drawn shapes carry the class
// "mark"; a small script counts, once the page is laid out, the marks that have a size
// (data-drawn), so that a headless browser can confirm the charts render.
#include <string>

#include "energy/energy_model.hpp"

namespace snn::energy {

std::string report_html(const EnergyReport& report);

// The number of marks each chart draws for `report`: bars per layer and model, the SNN's line and
// the baselines' lines with their break-even points, and the share segments.
struct ChartMarks {
  size_t per_layer, versus_rate, shares;
};
ChartMarks expected_marks(const EnergyReport& report);

}  // namespace snn::energy

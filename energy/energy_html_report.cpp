#include "energy/energy_html_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "energy/energy_report_writer.hpp"

namespace snn::energy {
namespace {

constexpr const char* kColors[] = {"#1b7837", "#2166ac", "#4393c3", "#d6604d", "#b2182b", "#762a83", "#8c510a"};
constexpr double kWidth = 760, kHeight = 320, kLeft = 70, kRight = 20, kTop = 20, kBottom = 60;
constexpr double kLabels = 170;  // the shares chart's column of row names

std::string number(double value, const char* pattern = "%.4g") {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

std::string escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

const char* color(size_t model) { return kColors[model % (sizeof kColors / sizeof *kColors)]; }

std::vector<std::string> model_names(const EnergyReport& report) {
  std::vector<std::string> names{"SNN"};
  for (const BaselineEnergy& b : report.baseline_totals) names.push_back(std::string(precision_name(b.precision)) + " ANN");
  return names;
}

// A log10 axis over [low, high] (decades), mapped onto [bottom, top] pixels.
struct LogAxis {
  double low_decade, high_decade, bottom, top;
  double y(double value) const {
    const double d = std::log10(std::max(value, std::pow(10.0, low_decade)));
    return bottom - (d - low_decade) / (high_decade - low_decade) * (bottom - top);
  }
};

LogAxis log_axis(double smallest, double largest) {
  double low = std::floor(std::log10(std::max(smallest, 1e-30))), high = std::ceil(std::log10(std::max(largest, 1e-30)));
  if (high <= low) high = low + 1;
  return LogAxis{low, high, kHeight - kBottom, kTop};
}

void log_grid(std::ostringstream& svg, const LogAxis& axis, const char* unit) {
  for (double d = axis.low_decade; d <= axis.high_decade; ++d) {
    const double y = axis.y(std::pow(10.0, d));
    svg << "<line x1='" << kLeft << "' x2='" << kWidth - kRight << "' y1='" << y << "' y2='" << y
        << "' stroke='#ddd'/><text x='" << kLeft - 6 << "' y='" << y + 4 << "' text-anchor='end' font-size='11'>1e"
        << number(d, "%.0f") << "</text>";
  }
  svg << "<text x='14' y='" << kTop + (kHeight - kTop - kBottom) / 2 << "' font-size='12' transform='rotate(-90 14 "
      << kTop + (kHeight - kTop - kBottom) / 2 << ")' text-anchor='middle'>" << unit << "</text>";
}

void legend(std::ostringstream& svg, const std::vector<std::string>& names) {
  for (size_t m = 0; m < names.size(); ++m) {
    const double x = kLeft + 100.0 * m;
    svg << "<rect x='" << x << "' y='" << kHeight - 18 << "' width='10' height='10' fill='" << color(m) << "'/><text x='"
        << x + 14 << "' y='" << kHeight - 9 << "' font-size='11'>" << escape(names[m]) << "</text>";
  }
}

std::string per_layer_chart(const EnergyReport& report) {
  const std::vector<std::string> names = model_names(report);
  double smallest = 1e300, largest = 0;
  for (const LayerReport& lr : report.layers) {
    smallest = std::min(smallest, lr.snn.total_pj());
    largest = std::max(largest, lr.snn.total_pj());
    for (const BaselineEnergy& b : lr.baselines) {
      smallest = std::min(smallest, b.energy.total_pj());
      largest = std::max(largest, b.energy.total_pj());
    }
  }
  const LogAxis axis = log_axis(smallest, largest);
  std::ostringstream svg;
  svg << "<svg class='chart' id='energy-per-layer' width='" << kWidth << "' height='" << kHeight
      << "' xmlns='http://www.w3.org/2000/svg' font-family='sans-serif'>";
  log_grid(svg, axis, "energy (pJ)");
  const double group = (kWidth - kLeft - kRight) / std::max<size_t>(1, report.layers.size());
  const double bar = group * 0.8 / names.size();
  for (size_t l = 0; l < report.layers.size(); ++l) {
    const LayerReport& lr = report.layers[l];
    for (size_t m = 0; m < names.size(); ++m) {
      const double value = m == 0 ? lr.snn.total_pj() : lr.baselines[m - 1].energy.total_pj();
      const double x = kLeft + l * group + group * 0.1 + m * bar, y = axis.y(value);
      svg << "<rect class='mark' x='" << x << "' y='" << y << "' width='" << bar * 0.9 << "' height='"
          << std::max(0.5, axis.bottom - y) << "' fill='" << color(m) << "'><title>" << escape(lr.layer.name) << ", "
          << escape(names[m]) << ": " << number(value) << " pJ</title></rect>";
    }
    svg << "<text x='" << kLeft + (l + 0.5) * group << "' y='" << kHeight - kBottom + 14
        << "' text-anchor='middle' font-size='11'>" << escape(lr.layer.name) << "</text>";
  }
  legend(svg, names);
  svg << "</svg>";
  return svg.str();
}

// The largest rate scale shown: past every finite break-even point, and at least twice the given rates.
double rate_range(const EnergyReport& report) {
  double range = 2;
  for (const BaselineEnergy& b : report.baseline_totals)
    if (b.break_even.verdict == BreakEven::Verdict::kSnnWinsBelowRate) range = std::max(range, 1.25 * b.break_even.rate);
  return range;
}

std::string versus_rate_chart(const EnergyReport& report) {
  const std::vector<std::string> names = model_names(report);
  const double range = rate_range(report), at_zero = report.snn_total_at_zero_rate.total_pj(),
               given = report.snn_total.total_pj();
  auto snn = [&](double k) { return at_zero + k * (given - at_zero); };
  double smallest = at_zero, largest = snn(range);
  for (const BaselineEnergy& b : report.baseline_totals) {
    smallest = std::min(smallest, b.energy.total_pj());
    largest = std::max(largest, b.energy.total_pj());
  }
  const LogAxis axis = log_axis(smallest, largest);
  auto x = [&](double k) { return kLeft + k / range * (kWidth - kLeft - kRight); };
  std::ostringstream svg;
  svg << "<svg class='chart' id='energy-versus-rate' width='" << kWidth << "' height='" << kHeight
      << "' xmlns='http://www.w3.org/2000/svg' font-family='sans-serif'>";
  log_grid(svg, axis, "network energy (pJ)");
  for (int t = 0; t <= 4; ++t) {
    const double k = range * t / 4;
    svg << "<text x='" << x(k) << "' y='" << kHeight - kBottom + 14 << "' text-anchor='middle' font-size='11'>"
        << number(k, k >= 100 ? "%.0f" : "%.3g") << "</text>";
  }
  svg << "<text x='" << kLeft + (kWidth - kLeft - kRight) / 2 << "' y='" << kHeight - kBottom + 30
      << "' text-anchor='middle' font-size='12'>firing rates, as a multiple of the given ones</text>";
  svg << "<polyline class='mark' fill='none' stroke-width='2.5' stroke='" << color(0) << "' points='";
  for (int s = 0; s <= 100; ++s) svg << x(range * s / 100) << "," << axis.y(snn(range * s / 100)) << " ";
  svg << "'><title>SNN: " << number(at_zero) << " pJ at zero rates + " << number(given - at_zero)
      << " pJ per unit of rate scale</title></polyline>";
  svg << "<circle class='mark' cx='" << x(1) << "' cy='" << axis.y(given) << "' r='4' fill='" << color(0)
      << "'><title>SNN at the given rates: " << number(given) << " pJ</title></circle>";
  for (size_t b = 0; b < report.baseline_totals.size(); ++b) {
    const BaselineEnergy& base = report.baseline_totals[b];
    const double y = axis.y(base.energy.total_pj());
    svg << "<line class='mark' x1='" << kLeft << "' x2='" << kWidth - kRight << "' y1='" << y << "' y2='" << y
        << "' stroke-dasharray='6 3' stroke='" << color(b + 1) << "'><title>" << escape(names[b + 1]) << ": "
        << number(base.energy.total_pj()) << " pJ</title></line>";
    if (base.break_even.verdict == BreakEven::Verdict::kSnnWinsBelowRate)
      svg << "<circle class='mark' cx='" << x(base.break_even.rate) << "' cy='" << y << "' r='5' fill='none' stroke-width='2' stroke='"
          << color(b + 1) << "'><title>break-even with the " << escape(names[b + 1]) << " at " << number(base.break_even.rate, "%.3g")
          << " times the given rates</title></circle>";
  }
  legend(svg, names);
  svg << "</svg>";
  return svg.str();
}

// Per model: the energy split into compute and memory, and the memory traffic into weights, membrane
// and activations; a segment is drawn only where its share is not zero.
struct Share {
  const char* name;
  double value;
};

std::vector<std::vector<Share>> shares_of(const LayerEnergy& e) {
  return {{{"compute", e.compute_pj}, {"memory", e.memory_pj}},
          {{"weights", e.weight_bits}, {"membrane", e.state_bits}, {"activations", e.activation_bits}}};
}

std::string shares_chart(const EnergyReport& report) {
  const std::vector<std::string> names = model_names(report);
  std::vector<const LayerEnergy*> models{&report.snn_total};
  for (const BaselineEnergy& b : report.baseline_totals) models.push_back(&b.energy);
  const char* segment_colors[2][3] = {{"#f4a582", "#92c5de", ""}, {"#fddbc7", "#d1e5f0", "#b8e186"}};
  const double row = 22, height = kTop + models.size() * 2 * row + 50, span = kWidth - kLabels - kRight;
  std::ostringstream svg;
  svg << "<svg class='chart' id='energy-shares' width='" << kWidth << "' height='" << height
      << "' xmlns='http://www.w3.org/2000/svg' font-family='sans-serif'>";
  for (size_t m = 0; m < models.size(); ++m) {
    const std::vector<std::vector<Share>> split = shares_of(*models[m]);
    for (size_t kind = 0; kind < 2; ++kind) {
      const double y = kTop + (2 * m + kind) * row;
      svg << "<text x='" << kLabels - 5 << "' y='" << y + 14 << "' text-anchor='end' font-size='11'>" << escape(names[m])
          << (kind == 0 ? ", energy" : ", memory bits") << "</text>";
      double total = 0, left = kLabels;
      for (const Share& s : split[kind]) total += s.value;
      for (size_t k = 0; k < split[kind].size(); ++k) {
        const Share& s = split[kind][k];
        if (!(s.value > 0) || !(total > 0)) continue;
        const double width = span * s.value / total;
        svg << "<rect class='mark' x='" << left << "' y='" << y << "' width='" << width << "' height='" << row - 4
            << "' fill='" << segment_colors[kind][k] << "'><title>" << escape(names[m]) << ", " << s.name << ": "
            << number(100 * s.value / total, "%.1f") << "%</title></rect>";
        left += width;
      }
    }
  }
  const char* keys[] = {"compute", "memory", "weights", "membrane", "activations"};
  const char* key_colors[] = {"#f4a582", "#92c5de", "#fddbc7", "#d1e5f0", "#b8e186"};
  for (size_t k = 0; k < 5; ++k)
    svg << "<rect x='" << kLabels + 110 * k << "' y='" << height - 22 << "' width='10' height='10' fill='" << key_colors[k]
        << "'/><text x='" << kLabels + 14 + 110 * k << "' y='" << height - 13 << "' font-size='11'>" << keys[k] << "</text>";
  svg << "</svg>";
  return svg.str();
}

std::string table(const EnergyReport& report) {
  const std::vector<std::string> names = model_names(report);
  std::ostringstream html;
  html << "<table><tr><th>layer</th>";
  for (const std::string& n : names) html << "<th>" << escape(n) << " (pJ)</th>";
  html << "</tr>";
  for (const LayerReport& lr : report.layers) {
    html << "<tr><td>" << escape(lr.layer.name) << "</td><td>" << number(lr.snn.total_pj()) << "</td>";
    for (const BaselineEnergy& b : lr.baselines) html << "<td>" << number(b.energy.total_pj()) << "</td>";
    html << "</tr>";
  }
  html << "<tr><th>total</th><th>" << number(report.snn_total.total_pj()) << "</th>";
  for (const BaselineEnergy& b : report.baseline_totals) html << "<th>" << number(b.energy.total_pj()) << "</th>";
  html << "</tr></table><ul>";
  for (const BaselineEnergy& b : report.baseline_totals)
    html << "<li>" << precision_name(b.precision) << ": " << escape(verdict(b.break_even, b.precision, true)) << "</li>";
  html << "</ul>";
  return html.str();
}

}  // namespace

ChartMarks expected_marks(const EnergyReport& report) {
  const size_t models = 1 + report.baseline_totals.size();
  size_t break_evens = 0, segments = 0;
  for (const BaselineEnergy& b : report.baseline_totals)
    if (b.break_even.verdict == BreakEven::Verdict::kSnnWinsBelowRate) ++break_evens;
  std::vector<const LayerEnergy*> all{&report.snn_total};
  for (const BaselineEnergy& b : report.baseline_totals) all.push_back(&b.energy);
  for (const LayerEnergy* e : all)
    for (const std::vector<Share>& split : shares_of(*e))
      for (const Share& s : split) segments += s.value > 0 ? 1 : 0;
  return ChartMarks{report.layers.size() * models, 2 + report.baseline_totals.size() + break_evens, segments};
}

std::string report_html(const EnergyReport& report) {
  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>Energy: " << escape(report.architecture)
       << "</title><style>body{font-family:sans-serif;max-width:800px;margin:2em auto;color:#222}"
          "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
          "h2{font-size:1.1em;margin-top:2em}</style></head><body>\n<h1>Energy: "
       << escape(report.architecture) << "</h1><p>T = " << report.time_steps << " time steps"
       << (report.ann_passes > 1 ? ", each ANN evaluated " + std::to_string(report.ann_passes) + " times" : std::string())
       << "; prices: " << escape(report.profile)
       << (report.method == EnergyMethod::kSynapticOps ? "; synaptic operations only (no neuron updates, no memory)" : "")
       << ".</p>\n<h2>Energy per layer</h2>\n"
       << per_layer_chart(report) << "\n<h2>Network energy against firing rate, with the break-even points</h2>\n"
       << versus_rate_chart(report) << "\n<h2>Where the energy goes</h2>\n"
       << shares_chart(report) << "\n<h2>Numbers</h2>\n"
       << table(report)
       << "\n<script>for (const svg of document.querySelectorAll('svg.chart')) { let drawn = 0;"
          " for (const mark of svg.querySelectorAll('.mark')) { const box = mark.getBBox();"
          " if (box.width > 0 || box.height > 0) ++drawn; } svg.setAttribute('data-drawn', drawn); }</script>\n"
          "</body></html>\n";
  return html.str();
}

}  // namespace snn::energy

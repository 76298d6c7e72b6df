#include "energy/energy_charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/foundation/number_text.hpp"
#include "energy/energy_units.hpp"
#include "plot/palette.hpp"

namespace snn::energy {
namespace {

std::vector<std::string> model_names(const EnergyReport& report) {
  std::vector<std::string> names{"SNN"};
  for (const BaselineEnergy& b : report.baseline_totals) names.push_back(std::string(precision_name(b.precision)) + " ANN");
  return names;
}

// A log axis where the positive values span more than two decades.
plot::Scale scale_for(const std::vector<double>& values) {
  double low = std::numeric_limits<double>::infinity(), high = 0;
  for (double v : values)
    if (v > 0) low = std::min(low, v), high = std::max(high, v);
  return high > 100 * low ? plot::Scale::kLog : plot::Scale::kLinear;
}

}  // namespace

std::string block_of(const std::string& layer_name) {
  const size_t dot = layer_name.find('.');
  return dot == std::string::npos ? layer_name : layer_name.substr(0, dot);
}

plot::Figure per_layer_figure(const EnergyReport& report) {
  std::vector<double> values;
  for (const LayerReport& lr : report.layers) values.push_back(lr.snn.total_pj());
  const EnergyUnit unit = energy_unit(*std::max_element(values.begin(), values.end()));
  plot::Figure f;
  plot::Chart& c = f.chart;
  c.id = "energy-per-layer";
  c.title = "The SNN's energy per layer";
  c.x_label = "layer, in the model's order";
  c.y_label = std::string("energy (") + unit.name + ")";
  c.y_scale = scale_for(values);
  c.x_labels_slanted = true;
  c.width = std::max(720.0, 110.0 + 18.0 * static_cast<double>(values.size()));
  plot::Series shade[2];
  for (int k = 0; k < 2; ++k) {
    shade[k].kind = plot::Series::Kind::kBars;
    shade[k].fill = k == 0 ? "#0072B2" : "#56B4E9";
  }
  shade[0].name = "SNN (shades alternate between blocks)";
  int parity = 0;
  for (size_t l = 0; l < report.layers.size(); ++l) {
    if (l > 0 && block_of(report.layers[l].layer.name) != block_of(report.layers[l - 1].layer.name)) parity ^= 1;
    const double pj = report.layers[l].snn.total_pj();
    shade[parity].x.push_back(static_cast<double>(l));
    shade[parity].y.push_back(pj / unit.pj);
    shade[parity].tooltips.push_back(report.layers[l].layer.name + ": " + format_energy(pj) + " (" +
                                     number_text(100 * pj / report.snn_total.total_pj(), "%.1f") + "% of the SNN's total)");
    c.x_ticks.push_back({static_cast<double>(l), report.layers[l].layer.name});
  }
  c.series = {shade[0], shade[1]};
  f.caption = std::to_string(values.size()) + " layers; total " + format_energy(report.snn_total.total_pj()) +
              (c.y_scale == plot::Scale::kLog ? " (log axis: the layers span decades)." : ".");
  return f;
}

plot::Figure layer_ratio_figure(const EnergyReport& report) {
  plot::Figure f;
  plot::Chart& c = f.chart;
  c.id = "energy-ratio-per-layer";
  c.title = "Per layer: the SNN's energy over each ANN's";
  c.x_label = "layer, in the model's order";
  c.y_label = "SNN / ANN energy";
  c.y_scale = plot::Scale::kLog;
  c.x_labels_slanted = true;
  c.width = std::max(720.0, 110.0 + 18.0 * static_cast<double>(report.layers.size()));
  const double last = static_cast<double>(report.layers.size()) - 0.5;
  plot::Series even;
  even.name = "equal energy: below, the SNN wins the layer";
  even.style = 5;
  even.x = {-0.5, last};
  even.y = {1, 1};
  c.series.push_back(even);
  for (size_t b = 0; b < report.baseline_totals.size(); ++b) {
    plot::Series s;
    s.kind = plot::Series::Kind::kMarkers;
    s.name = std::string(precision_name(report.baseline_totals[b].precision)) + " ANN";
    s.style = b;
    for (size_t l = 0; l < report.layers.size(); ++l) {
      const LayerReport& lr = report.layers[l];
      const double ratio = lr.snn.total_pj() / lr.baselines[b].energy.total_pj();
      s.x.push_back(static_cast<double>(l));
      s.y.push_back(ratio);
      s.tooltips.push_back(lr.layer.name + ", " + s.name + ": SNN " + format_energy(lr.snn.total_pj()) + ", ANN " +
                           format_energy(lr.baselines[b].energy.total_pj()) + " (ratio " + number_text(ratio, "%.3g") + ")");
    }
    c.series.push_back(std::move(s));
  }
  for (size_t l = 0; l < report.layers.size(); ++l) c.x_ticks.push_back({static_cast<double>(l), report.layers[l].layer.name});
  f.caption = "One marker per layer and baseline (shapes and colours differ by baseline).";
  return f;
}

plot::Figure versus_rate_figure(const EnergyReport& report) {
  const std::vector<std::string> names = model_names(report);
  const double at_zero = report.snn_total_at_zero_rate.total_pj(), given = report.snn_total.total_pj();
  auto snn = [&](double k) { return at_zero + k * (given - at_zero); };
  double low = 0.01, high = 10;
  for (const BaselineEnergy& b : report.baseline_totals)
    if (b.break_even.verdict == BreakEven::Verdict::kSnnWinsBelowRate)
      low = std::min(low, b.break_even.rate / 10), high = std::max(high, b.break_even.rate * 3);
  double largest = snn(high);
  for (const BaselineEnergy& b : report.baseline_totals) largest = std::max(largest, b.energy.total_pj());
  const EnergyUnit unit = energy_unit(largest);
  plot::Figure f;
  plot::Chart& c = f.chart;
  c.id = "energy-versus-rate";
  c.title = "The network's energy against its firing rates";
  c.x_label = "firing rates, as a multiple of the given ones";
  c.y_label = std::string("network energy (") + unit.name + ")";
  c.x_scale = c.y_scale = plot::Scale::kLog;
  c.height = 340;
  plot::Series line;
  line.name = "SNN";
  line.stroke = 2.5;
  for (int s = 0; s <= 200; ++s) {
    const double k = low * std::pow(high / low, s / 200.0);
    line.x.push_back(k);
    line.y.push_back(snn(k) / unit.pj);
  }
  c.series.push_back(line);
  plot::Series point;
  point.kind = plot::Series::Kind::kMarkers;
  point.name = "SNN at the given rates";
  point.x = {1};
  point.y = {given / unit.pj};
  point.tooltips = {"the given rates: " + format_energy(given)};
  c.notes.push_back({1, given / unit.pj, format_energy(given)});
  plot::Series crossings;
  crossings.kind = plot::Series::Kind::kMarkers;
  crossings.name = "break-even points";
  crossings.style = 3;
  for (size_t b = 0; b < report.baseline_totals.size(); ++b) {
    const BaselineEnergy& base = report.baseline_totals[b];
    plot::Series level;
    level.name = names[b + 1] + " (" + format_energy(base.energy.total_pj()) + ")";
    level.style = b + 1;
    level.x = {low, high};
    level.y = {base.energy.total_pj() / unit.pj, base.energy.total_pj() / unit.pj};
    c.series.push_back(level);
    if (base.break_even.verdict != BreakEven::Verdict::kSnnWinsBelowRate) continue;
    crossings.x.push_back(base.break_even.rate);
    crossings.y.push_back(base.energy.total_pj() / unit.pj);
    crossings.tooltips.push_back("break-even with the " + names[b + 1] + " at " + number_text(base.break_even.rate, "%.3g") +
                                 " times the given rates");
    c.notes.push_back({base.break_even.rate, base.energy.total_pj() / unit.pj, number_text(base.break_even.rate, "%.3g") + "x"});
  }
  c.series.push_back(point);
  if (!crossings.x.empty()) c.series.push_back(crossings);
  f.caption = "E(k) = E(0) + k (E(1) - E(0)): at k = 0 the SNN pays its neuron updates and state traffic alone (" +
              format_energy(at_zero) + "). Each break-even point is labelled with its factor on the given rates; "
              "below it the SNN costs less than that baseline.";
  return f;
}

namespace {

struct Part {
  const char* name;
  double LayerEnergy::*field;
};
constexpr Part kParts[] = {{"synaptic operations", &LayerEnergy::synaptic_pj},
                           {"neuron updates", &LayerEnergy::neuron_pj},
                           {"external input", &LayerEnergy::input_pj},
                           {"plasticity", &LayerEnergy::plasticity_pj},
                           {"weight memory", &LayerEnergy::weight_pj},
                           {"membrane memory", &LayerEnergy::state_pj},
                           {"activation memory", &LayerEnergy::activation_pj}};
constexpr size_t kPartCount = sizeof kParts / sizeof *kParts;

std::vector<const LayerEnergy*> model_totals(const EnergyReport& report) {
  std::vector<const LayerEnergy*> out{&report.snn_total};
  for (const BaselineEnergy& b : report.baseline_totals) out.push_back(&b.energy);
  return out;
}

}  // namespace

plot::Figure breakdown_figure(const EnergyReport& report) {
  const std::vector<std::string> names = model_names(report);
  const std::vector<const LayerEnergy*> models = model_totals(report);
  std::vector<double> all;
  for (const LayerEnergy* m : models)
    for (const Part& p : kParts) all.push_back(m->*p.field);
  const EnergyUnit unit = energy_unit(*std::max_element(all.begin(), all.end()));
  plot::Figure f;
  plot::Chart& c = f.chart;
  c.id = "energy-breakdown";
  c.title = "Where the energy goes";
  c.x_label = "model";
  c.y_label = std::string("energy (") + unit.name + ")";
  c.y_scale = scale_for(all);
  const double width = 0.8 / kPartCount;
  for (size_t p = 0; p < kPartCount; ++p) {
    plot::Series s;
    s.kind = plot::Series::Kind::kBars;
    s.name = kParts[p].name;
    s.fill = plot::area_fill(p, kPartCount);
    for (size_t m = 0; m < models.size(); ++m) {
      const double value = models[m]->*kParts[p].field;
      if (!(value > 0)) continue;  // a part no model has gets no legend entry either
      s.x.push_back(static_cast<double>(m) - 0.4 + width * (p + 0.5));
      s.y.push_back(value / unit.pj);
      s.tooltips.push_back(names[m] + ", " + kParts[p].name + ": " + format_energy(value) + " (" +
                           number_text(100 * value / models[m]->total_pj(), "%.3g") + "% of " + format_energy(models[m]->total_pj()) + ")");
    }
    if (!s.x.empty()) c.series.push_back(std::move(s));
  }
  for (size_t m = 0; m < models.size(); ++m) c.x_ticks.push_back({static_cast<double>(m), names[m]});
  f.caption = std::string("Each model's energy by part (parts it does not have are left out); values and shares in the "
                          "table below") +
              (report.method == EnergyMethod::kSynapticOps ? ". The synaptic-operations method counts the first part only." : ".");
  return f;
}

std::string breakdown_table(const EnergyReport& report) {
  const std::vector<std::string> names = model_names(report);
  const std::vector<const LayerEnergy*> models = model_totals(report);
  std::vector<const Part*> shown;  // the parts some model has
  for (const Part& p : kParts)
    for (const LayerEnergy* m : models)
      if (m->*p.field > 0) {
        shown.push_back(&p);
        break;
      }
  std::string html = "<table><tr><th>model</th>";
  for (const Part* p : shown) html += std::string("<th>") + p->name + "</th>";
  html += "<th>total</th></tr>";
  for (size_t m = 0; m < models.size(); ++m) {
    html += "<tr><td>" + plot::escape_xml(names[m]) + "</td>";
    for (const Part* p : shown) {
      const double v = models[m]->*p->field;
      html += "<td>" + (v > 0 ? format_energy(v) + " (" + number_text(100 * v / models[m]->total_pj(), "%.3g") + "%)" : "-") + "</td>";
    }
    html += "<td>" + format_energy(models[m]->total_pj()) + "</td></tr>";
  }
  return html + "</table>\n";
}

plot::Figure published_figure(const EnergyReport& report) {
  plot::Figure f;
  if (!report.published) return f;
  const PublishedEnergy& p = *report.published;
  const bool same = p.method == report.method;
  const double ours = report.snn_total.total_pj();
  const EnergyUnit unit = energy_unit(std::max(ours, p.energy_pj));
  f.chart.id = "energy-published";
  f.chart.title = "The published figure and this estimate";
  f.chart.x_label = "source";
  f.chart.y_label = std::string("SNN energy (") + unit.name + ")";
  plot::Series bars;
  bars.kind = plot::Series::Kind::kBars;
  bars.fill = "#E69F00";
  bars.x = {0, 1};
  bars.y = {p.energy_pj / unit.pj, ours / unit.pj};
  bars.tooltips = {"published: " + format_energy(p.energy_pj), "this estimate: " + format_energy(ours)};
  f.chart.series.push_back(bars);
  f.chart.x_ticks = {{0, "published"}, {1, std::string("this estimate (") + method_name(report.method) + ")"}};
  f.caption = "Published: " + p.source + ", " + format_energy(p.energy_pj) + " counted by " + method_name(p.method) +
              (p.synaptic_ops > 0 ? ", " + number_text(p.synaptic_ops / 1e9, "%.4g") + " G synaptic operations (here " +
                                        number_text(report.snn_total.synaptic_ops / 1e9, "%.4g") + " G)"
                                  : std::string()) +
              (same ? ". Same method: the estimate is " + number_text(ours / p.energy_pj, "%.4f") + " of the published figure."
                    : std::string(". This estimate counts more (method ") + method_name(report.method) + "); --method " +
                          method_name(p.method) + " compares like for like.");
  return f;
}

plot::Figure reports_figure(const std::vector<std::pair<std::string, EnergyReport>>& reports) {
  const std::vector<std::string> names = model_names(reports.front().second);
  std::vector<double> all;
  for (const auto& [label, r] : reports)
    for (const LayerEnergy* m : model_totals(r)) all.push_back(m->total_pj());
  const EnergyUnit unit = energy_unit(*std::max_element(all.begin(), all.end()));
  plot::Figure f;
  plot::Chart& c = f.chart;
  c.id = "energy-reports";
  c.title = "The reports side by side";
  c.x_label = "report";
  c.y_label = std::string("total energy (") + unit.name + ")";
  c.y_scale = scale_for(all);
  const double width = 0.8 / names.size();
  for (size_t m = 0; m < names.size(); ++m) {
    plot::Series s;
    s.kind = plot::Series::Kind::kBars;
    s.name = names[m];
    s.fill = plot::series_style(m).color;
    for (size_t r = 0; r < reports.size(); ++r) {
      const std::vector<const LayerEnergy*> totals = model_totals(reports[r].second);
      if (m >= totals.size()) continue;
      s.x.push_back(static_cast<double>(r) - 0.4 + width * (m + 0.5));
      s.y.push_back(totals[m]->total_pj() / unit.pj);
      s.tooltips.push_back(reports[r].first + ", " + names[m] + ": " + format_energy(totals[m]->total_pj()));
    }
    c.series.push_back(std::move(s));
  }
  for (size_t r = 0; r < reports.size(); ++r) c.x_ticks.push_back({static_cast<double>(r), reports[r].first});
  c.x_labels_slanted = reports.size() > 4;
  f.caption = "Each report's total for the SNN and every baseline.";
  return f;
}

}  // namespace snn::energy

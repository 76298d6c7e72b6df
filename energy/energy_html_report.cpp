#include "energy/energy_html_report.hpp"

#include <cstdio>

#include "energy/energy_charts.hpp"
#include "energy/energy_report_writer.hpp"
#include "energy/energy_units.hpp"

namespace snn::energy {
namespace {

std::string layer_table(const EnergyReport& report) {
  std::string html = "<table><tr><th>layer</th><th>SNN</th>";
  for (const BaselineEnergy& b : report.baseline_totals) html += std::string("<th>") + precision_name(b.precision) + " ANN</th>";
  html += "</tr>";
  auto row = [&](const std::string& name, const LayerEnergy& snn, const std::vector<BaselineEnergy>& baselines, bool total) {
    const char* cell = total ? "th" : "td";
    html += std::string("<tr><") + cell + ">" + plot::escape_xml(name) + "</" + cell + "><" + cell + ">" +
            format_energy(snn.total_pj()) + "</" + cell + ">";
    for (const BaselineEnergy& b : baselines) html += std::string("<") + cell + ">" + format_energy(b.energy.total_pj()) + "</" + cell + ">";
    html += "</tr>";
  };
  for (const LayerReport& lr : report.layers) row(lr.layer.name, lr.snn, lr.baselines, false);
  row("total", report.snn_total, report.baseline_totals, true);
  html += "</table>\n<ul>";
  for (const BaselineEnergy& b : report.baseline_totals)
    html += std::string("<li>") + precision_name(b.precision) + ": " +
            plot::escape_xml(verdict(b.break_even, b.precision, true, report.method)) + "</li>";
  return html + "</ul>\n";
}

// The sections of one report; chart ids prefixed where several share the page.
std::vector<plot::Section> report_sections(const EnergyReport& report, const std::string& prefix) {
  std::vector<plot::Section> out;
  const std::string head = prefix.empty() ? "" : prefix + ": ";
  plot::Section basis;
  basis.title = head + "What is estimated";
  basis.text = report.architecture + "; T = " + std::to_string(report.time_steps) + " time steps; " + baseline_description(report) +
               "; prices: " + report.profile + "; method: " + method_name(report.method) +
               (report.method == EnergyMethod::kSynapticOps
                    ? " (accumulates and multiply-accumulates only, as spiking-transformer papers count: no neuron updates, no "
                      "memory traffic)"
                    : " (synaptic operations, neuron updates and memory traffic)") +
               ". SNN total: " + format_energy(report.snn_total.total_pj()) + ".";
  for (const std::string& note : report.notes) basis.text += " Note: " + note + ".";
  basis.figures.push_back(versus_rate_figure(report));
  plot::Figure published = published_figure(report);
  if (!published.chart.series.empty()) basis.figures.push_back(std::move(published));
  out.push_back(std::move(basis));
  plot::Section layers;
  layers.title = head + "Layers";
  layers.figures = {per_layer_figure(report), layer_ratio_figure(report)};
  out.push_back(std::move(layers));
  plot::Section parts;
  parts.title = head + "Where the energy goes";
  parts.figures.push_back(breakdown_figure(report));
  parts.table_html = breakdown_table(report);
  out.push_back(std::move(parts));
  plot::Section numbers;
  numbers.title = head + "Numbers";
  numbers.table_html = layer_table(report);
  out.push_back(std::move(numbers));
  for (plot::Section& s : out)
    for (plot::Figure& f : s.figures)
      if (!prefix.empty()) f.chart.id = prefix + "-" + f.chart.id;
  return out;
}

}  // namespace

plot::Page report_page(const LabelledReports& reports) {
  plot::Page page;
  page.title = reports.size() == 1 ? "Energy: " + reports[0].second.architecture : "Energy: " + std::to_string(reports.size()) + " reports";
  if (reports.size() > 1) {
    plot::Section side;
    side.title = "Side by side";
    for (const auto& [label, r] : reports)
      page.facts.push_back({label, r.architecture + ", prices: " + r.profile + ", SNN " + format_energy(r.snn_total.total_pj())});
    side.figures.push_back(reports_figure(reports));
    page.sections.push_back(std::move(side));
  }
  for (size_t k = 0; k < reports.size(); ++k) {
    const std::string prefix = reports.size() > 1 ? "r" + std::to_string(k + 1) : "";
    for (plot::Section& s : report_sections(reports[k].second, prefix)) {
      if (!prefix.empty()) s.title = reports[k].first + ": " + s.title.substr(prefix.size() + 2);
      page.sections.push_back(std::move(s));
    }
  }
  return page;
}

std::string report_html(const LabelledReports& reports) { return plot::render_page(report_page(reports)); }

std::string report_html(const EnergyReport& report) { return report_html(LabelledReports{{report.profile, report}}); }

}  // namespace snn::energy

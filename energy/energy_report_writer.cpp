#include "energy/energy_report_writer.hpp"

#include <algorithm>
#include <cstdio>

#include "core/foundation/number_text.hpp"
#include "energy/energy_units.hpp"

namespace snn::energy {
namespace {

nlohmann::json energy_json(const LayerEnergy& e) {
  return {{"synaptic_ops", e.synaptic_ops}, {"dense_ops", e.dense_ops}, {"neuron_updates", e.neuron_updates},
          {"compute_pj", e.compute_pj},     {"weight_bits", e.weight_bits},
          {"state_bits", e.state_bits},     {"activation_bits", e.activation_bits},
          {"memory_bits", e.memory_bits()}, {"memory_pj", e.memory_pj},
          {"total_pj", e.total_pj()}};
}

const char* verdict_key(BreakEven::Verdict v) {
  switch (v) {
    case BreakEven::Verdict::kSnnWinsBelowRate: return "snn_wins_below_rate";
    case BreakEven::Verdict::kAnnAlwaysWins: return "ann_always_wins";
    case BreakEven::Verdict::kSnnAlwaysWins: return "snn_always_wins";
  }
  return "";
}

}  // namespace

std::string verdict(const BreakEven& b, Precision baseline, bool network_scale, EnergyMethod method) {
  const std::string ann = std::string("the ") + precision_name(baseline) + " ANN";
  const bool ops = method == EnergyMethod::kSynapticOps;
  const std::string counted = ops ? " in synaptic operations (accumulates and multiply-accumulates; neuron updates and "
                                    "memory not counted)"
                                  : "";
  switch (b.verdict) {
    case BreakEven::Verdict::kAnnAlwaysWins:
      return ann + " wins at any firing rate" + (ops ? " in synaptic operations" : "") +
             ": it costs less than the SNN spends with no spikes at all" +
             (ops ? " (its multiply-accumulates on analog inputs)" : " (neuron updates, state traffic, analog inputs)");
    case BreakEven::Verdict::kSnnAlwaysWins:
      return (network_scale ? "the SNN wins at any firing rate" : "the SNN wins even if every input fires every step") + counted;
    case BreakEven::Verdict::kSnnWinsBelowRate:
      return (network_scale ? "the SNN wins while its rates stay below " + number_text(b.rate, "%.3g") + " times the given ones; above, " +
                                  ann + " wins"
                            : "the SNN wins below " + number_text(b.rate, "%.4g") + " spikes per input per step; above, " + ann + " wins") +
             counted;
  }
  return "";
}

nlohmann::json report_json(const EnergyReport& report) {
  nlohmann::json layers = nlohmann::json::array();
  for (const LayerReport& lr : report.layers) {
    nlohmann::json baselines = nlohmann::json::object();
    for (const BaselineEnergy& b : lr.baselines)
      baselines[precision_name(b.precision)] = {{"energy", energy_json(b.energy)},
                                                {"break_even", {{"verdict", verdict_key(b.break_even.verdict)},
                                                                {"rate", b.break_even.rate}}},
                                                {"summary", verdict(b.break_even, b.precision, false, report.method)}};
    layers.push_back({{"name", lr.layer.name},
                      {"type", lr.layer.kind},
                      {"inputs", lr.layer.inputs},
                      {"outputs", lr.layer.outputs},
                      {"connections", lr.layer.connections},
                      {"input_rate", lr.layer.input_rate},
                      {"snn", energy_json(lr.snn)},
                      {"ann", baselines}});
  }
  nlohmann::json totals = {{"snn", energy_json(report.snn_total)}};
  for (const BaselineEnergy& b : report.baseline_totals)
    totals[precision_name(b.precision)] = {{"energy", energy_json(b.energy)},
                                           {"break_even_rate_scale", {{"verdict", verdict_key(b.break_even.verdict)},
                                                                      {"scale", b.break_even.rate}}},
                                           {"summary", verdict(b.break_even, b.precision, true, report.method)}};
  return {{"architecture", report.architecture}, {"profile", report.profile},
          {"method", method_name(report.method)}, {"time_steps", report.time_steps},
          {"ann_passes", report.ann_passes},
          {"layers", layers}, {"total", totals}};
}

std::string report_csv(const EnergyReport& report) {
  std::string csv =
      "layer,model,synaptic_ops,dense_ops,neuron_updates,compute_pj,weight_bits,state_bits,activation_bits,memory_pj,total_pj,"
      "break_even_rate\n";
  auto row = [&](const std::string& layer, const std::string& model, const LayerEnergy& e, const std::string& rate) {
    char text[512];
    std::snprintf(text, sizeof text, "%s,%s,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%s\n", layer.c_str(),
                  model.c_str(), e.synaptic_ops, e.dense_ops, e.neuron_updates, e.compute_pj, e.weight_bits, e.state_bits, e.activation_bits,
                  e.memory_pj, e.total_pj(), rate.c_str());
    csv += text;
  };
  auto rate_text = [](const BreakEven& b) {
    return b.verdict == BreakEven::Verdict::kSnnWinsBelowRate ? number_text(b.rate, "%.9g")
           : b.verdict == BreakEven::Verdict::kAnnAlwaysWins  ? std::string("ann_always_wins")
                                                              : std::string("snn_always_wins");
  };
  for (const LayerReport& lr : report.layers) {
    row(lr.layer.name, "snn", lr.snn, "");
    for (const BaselineEnergy& b : lr.baselines) row(lr.layer.name, precision_name(b.precision), b.energy, rate_text(b.break_even));
  }
  row("total", "snn", report.snn_total, "");
  for (const BaselineEnergy& b : report.baseline_totals) row("total", precision_name(b.precision), b.energy, "");
  return csv;
}

std::string baseline_description(const EnergyReport& report) {
  if (report.simulated_network)
    return "baselines: the same network simulated densely, a rate network of the same connectivity whose every synapse is "
           "multiplied and accumulated at each of the " + std::to_string(report.ann_passes) +
           " time steps, at each precision (not an ANN classifier)";
  return report.ann_passes > 1 ? "each ANN evaluated " + std::to_string(report.ann_passes) + " times" : "each ANN evaluated once";
}

std::string report_text(const EnergyReport& report) {
  std::string text = report.architecture + ", T = " + std::to_string(report.time_steps) + "; " + baseline_description(report) +
                     "; prices: " + report.profile +
                     (report.method == EnergyMethod::kSynapticOps ? "; synaptic operations only" : "") + "\n";
  double largest = report.snn_total.total_pj();
  for (const LayerReport& lr : report.layers) {
    largest = std::max(largest, lr.snn.total_pj());
    for (const BaselineEnergy& b : lr.baselines) largest = std::max(largest, b.energy.total_pj());
  }
  // One unit for the table, that of its typical (per-layer) values, so that columns compare at a glance.
  double typical = 0;
  for (const LayerReport& lr : report.layers) typical = std::max(typical, lr.snn.total_pj());
  const EnergyUnit unit = energy_unit(report.layers.size() > 1 ? typical : largest);
  char line[256];
  std::snprintf(line, sizeof line, "%-16s %12s", ("layer (" + std::string(unit.name) + ")").c_str(), "SNN");
  text += line;
  for (const BaselineEnergy& b : report.baseline_totals) {
    std::snprintf(line, sizeof line, " %12s", (std::string(precision_name(b.precision)) + " ANN").c_str());
    text += line;
  }
  text += "\n";
  auto add_row = [&](const std::string& name, const LayerEnergy& snn, const std::vector<BaselineEnergy>& baselines) {
    std::snprintf(line, sizeof line, "%-16s %12.4g", name.substr(0, 16).c_str(), snn.total_pj() / unit.pj);
    text += line;
    for (const BaselineEnergy& b : baselines) {
      std::snprintf(line, sizeof line, " %12.4g", b.energy.total_pj() / unit.pj);
      text += line;
    }
    text += "\n";
  };
  for (const LayerReport& lr : report.layers) add_row(lr.layer.name, lr.snn, lr.baselines);
  add_row("total", report.snn_total, report.baseline_totals);
  text += "total: SNN " + format_energy(report.snn_total.total_pj()) + "\n";
  const std::string only = report.method == EnergyMethod::kSynapticOps ? " (synaptic operations only)" : "";
  for (const BaselineEnergy& b : report.baseline_totals) {
    const double ratio = report.snn_total.total_pj() / b.energy.total_pj();
    const std::string ann = std::string("the ") + precision_name(b.precision) + " ANN";
    text += std::string(precision_name(b.precision)) + ": " +
            (ratio < 1 ? "the SNN needs " + number_text(ratio, "%.3g") + " of " + ann + "'s energy at these rates" + only
                       : ann + " needs " + number_text(1 / ratio, "%.3g") + " of the SNN's energy at these rates" + only + ": the ANN wins") +
            "; " + verdict(b.break_even, b.precision, true, report.method) + "\n";
  }
  for (const std::string& note : report.notes) text += "note: " + note + "\n";
  if (report.published) {
    const PublishedEnergy& p = *report.published;
    text += "published (" + p.source + "): " + format_energy(p.energy_pj) + ", counted by " + method_name(p.method) +
            (p.method == report.method
                 ? "; this estimate: " + format_energy(report.snn_total.total_pj()) + " (" +
                       number_text(report.snn_total.total_pj() / p.energy_pj, "%.4f") + " of it)"
                 : std::string("; --method ") + method_name(p.method) + " estimates the same quantity") +
            "\n";
  }
  return text;
}

}  // namespace snn::energy

// The STDP window measured by a run: for each synapse of a pair-STDP projection whose source and target
// neurons each fired exactly once, the weight's change against the spikes' timing, beside the rule's
// analytic curve (one pair of spikes: +A_plus exp(-Delta/tau_plus) for Delta >= 0, -A_minus
// exp(Delta/tau_minus) before; scaled by the distance to the bound for multiplicative dependence).
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "plasticity/plasticity_rules.hpp"
#include "plot/result_figures.hpp"
#include "plot/spike_train_statistics.hpp"

namespace snn::plot {
namespace {

// The time of each neuron's spike for neurons that fired exactly once.
std::unordered_map<uint64_t, double> single_spikes(const RecordedSpikes& spikes) {
  std::unordered_map<uint64_t, double> once;
  for (const auto& [id, times] : spike_trains(spikes))
    if (times.size() == 1) once[id] = times[0];
  return once;
}

}  // namespace

std::optional<Figure> stdp_window_figure(const RecordedRun& run, const ExperimentSpec& spec) {
  for (const ProjectionSpec& p : spec.projections) {
    if (!p.plasticity || plasticity_rule_info(p.plasticity->rule).name != std::string("stdp") || !p.weight.is_constant()) continue;
    const RecordedWeights* weights = nullptr;
    for (const RecordedWeights& w : run.weights)
      if (w.projection == p.name) weights = &w;
    const RecordedSpikes *pre = recorded_spikes(run, p.source), *post = recorded_spikes(run, p.target);
    if (!weights || !pre || !post) continue;
    const auto pre_once = single_spikes(*pre), post_once = single_spikes(*post);
    Series measured;
    measured.kind = Series::Kind::kMarkers;
    measured.name = "measured (" + p.name + ")";
    for (size_t k = 0; k < weights->weights.size() && k < weights->sources.size() && k < weights->targets.size(); ++k) {
      const auto a = pre_once.find(weights->sources[k]), b = post_once.find(weights->targets[k]);
      if (a == pre_once.end() || b == post_once.end()) continue;
      measured.x.push_back(b->second - a->second);
      measured.y.push_back(weights->weights[k] - p.weight.value);
      char tip[96];
      std::snprintf(tip, sizeof tip, "synapse %zu: Delta %.3g ms, dw %.4g", k, measured.x.back(), measured.y.back());
      measured.tooltips.push_back(tip);
    }
    if (measured.x.size() < 3) continue;
    const PlasticitySpec& rule = *p.plasticity;
    const double tau_plus = rule.setting("tau_plus"), tau_minus = rule.setting("tau_minus"), a_plus = rule.setting("A_plus"),
                 a_minus = rule.setting("A_minus"), w0 = p.weight.value;
    const bool multiplicative = rule.setting("weight_dependence") != 0;
    const double up = multiplicative ? rule.setting("w_max") - w0 : 1, down = multiplicative ? w0 - rule.setting("w_min") : 1;
    double low = 0, high = 0;
    for (double x : measured.x) low = std::min(low, x), high = std::max(high, x);
    Series curve_before, curve_after;
    curve_before.name = "rule's analytic window";
    curve_before.style = 5;
    curve_after.style = 5;
    for (int s = 0; s <= 200; ++s) {
      const double d = low + (0 - low) * s / 200.0;
      if (d < 0) curve_before.x.push_back(d), curve_before.y.push_back(-a_minus * down * std::exp(d / tau_minus));
      const double e = high * s / 200.0;
      curve_after.x.push_back(e);
      curve_after.y.push_back(a_plus * up * std::exp(-e / tau_plus));
    }
    Figure f;
    f.chart.id = "stdp-window";
    f.chart.title = "STDP window: " + p.name;
    f.chart.x_label = "Delta = t_post - t_pre (ms)";
    f.chart.y_label = "weight change";
    f.chart.series = {std::move(curve_before), std::move(curve_after), std::move(measured)};
    f.chart.rules.push_back({0.0, ""});
    char caption[256];
    std::snprintf(caption, sizeof caption,
                  "%zu synapses whose neurons each fired once; curve: %s rule with A+ %g, A- %g, tau+ %g ms, tau- %g ms "
                  "from a weight of %g.",
                  f.chart.series[2].x.size(), multiplicative ? "multiplicative" : "additive", a_plus, a_minus, tau_plus,
                  tau_minus, w0);
    f.caption = caption;
    return f;
  }
  return std::nullopt;
}

}  // namespace snn::plot

#include "nir/network_export.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/inputs/input_kinds.hpp"
#include "core/network.hpp"
#include "neurons/lif.hpp"
#include "neurons/neuron_models.hpp"

namespace snn {
namespace {

NirNode make_node(const std::string& name, const std::string& type, std::map<std::string, NirValue> parameters) {
  NirNode node;
  node.name = node.path = name;
  node.type = type;
  node.parameters = std::move(parameters);
  return node;
}

// Node names: the experiment's, with "->" spelled out (HDF5 names may hold it, but it reads badly).
std::string node_name(std::string name) {
  for (size_t at; (at = name.find("->")) != std::string::npos;) name.replace(at, 2, "_to_");
  for (char& c : name)
    if (c == '/' || c == '.') c = '_';
  return name;
}

// How one unit of a step's input moves a target neuron: its LIF node's state, per neuron.
struct TargetScale {
  bool current = false;          // CubaLIF (exponential current synapses)
  std::vector<float> per_weight;  // NIR weight per weight of ours, per neuron
};

class NetworkExporter {
 public:
  NetworkExporter(const ExperimentSpec& spec, const NirExportOptions& options)
      : spec_(spec), options_(options), net_(build_network(spec)), dt_s_(spec.dt_ms * 1e-3) {}

  NirExport run() {
    for (size_t p = 0; p < net_.populations.size(); ++p) add_population(p);
    for (size_t k = 0; k < net_.projections.size(); ++k) add_projection(k);
    for (const Input& input : net_.inputs) add_input(input);
    result_.file.path = spec_.name + ".nir";
    return std::move(result_);
  }

 private:
  [[noreturn]] void refuse(const std::string& what, const std::string& why) const {
    throw NirError("cannot export " + what + " to NIR: " + why);
  }
  void approximate(const std::string& what, const std::string& why, const std::string& how) {
    if (!options_.approximate) refuse(what, why + " (--approximate " + how + ")");
    result_.notes.push_back(what + ": " + how);
  }

  void add(NirNode node) { result_.file.graph.nodes.push_back(std::move(node)); }
  void connect(const std::string& from, const std::string& to) { result_.file.graph.edges.emplace_back(from, to); }

  // The synapse kinds reaching population p: every port its projections and inputs use.
  std::set<size_t> used_ports(size_t p) const {
    std::set<size_t> ports;
    for (const Projection& projection : net_.projections)
      if (projection.target == p) ports.insert(projection.target_port);
    for (const Input& input : net_.inputs)
      if (input.target == p && input_kind_info(input.kind).events) ports.insert(input.target_port);
    return ports;
  }

  void add_population(size_t p) {
    const Population& pop = net_.populations[p];
    const std::string name = node_name(pop.name), what = "population '" + pop.name + "'";
    if (pop.is_source_only()) {
      add(make_node(name, "Input", {{"shape", NirValue::integers({pop.size})}}));
      return;
    }
    const NeuronModelInfo& model = neuron_model_info(pop.neuron_model);
    if (std::string(model.name) != LifModel::kName)
      refuse(what, std::string("a '") + model.name + "' population; NIR's neurons (LIF, CubaLIF, IF, LI) hold LIF populations only");
    const auto values = [&](int slot) { return pop.values[slot]; };
    const std::vector<float> tau = values(LifModel::kTauM), c_m = values(LifModel::kCm), e_l = values(LifModel::kEL),
                             v_th = values(LifModel::kVth), v_reset = values(LifModel::kVreset), t_ref = values(LifModel::kTref),
                             i_e = values(LifModel::kIe), v = values(LifModel::kV);
    if (std::any_of(i_e.begin(), i_e.end(), [](float i) { return i != 0.0f; }))
      refuse(what, "a bias current I_e; NIR's neurons have none (give it as an input)");
    if (pop.forward_euler) refuse(what, "the forward-Euler integrator; a NIR graph is stepped by its reader's discretisation");
    if (std::any_of(t_ref.begin(), t_ref.end(), [](float t) { return t > 0; }))
      approximate(what, "a refractory period, which NIR's LIF has not", "drops it");
    for (uint32_t i = 0; i < pop.size; ++i)
      if (v[i] != e_l[i]) {
        approximate(what, "initial potentials away from rest; a NIR graph's state starts at zero (rest)", "starts them at rest");
        break;
      }
    std::set<size_t> ports = used_ports(p);
    std::set<double> current_taus;
    bool delta = false;
    for (size_t port : ports) {
      const SynapseSpec& synapse = pop.ports[port].synapse;
      if (synapse.kind == SynapseKind::kExponentialConductance) refuse(what, "conductance-based synapses; NIR's neurons take currents");
      if (synapse.kind == SynapseKind::kDelta) delta = true;
      else current_taus.insert(synapse.tau_ms);
    }
    if (current_taus.size() > 1 || (delta && !current_taus.empty()))
      refuse(what, "synapses of " + std::to_string(current_taus.size() + (delta ? 1 : 0)) +
                       " kinds or time constants; a NIR CubaLIF has one synaptic current per neuron");
    const bool current = !current_taus.empty();
    const double dt = spec_.dt_ms;
    std::vector<float> tau_s(pop.size), r(pop.size), v_leak(pop.size, 0.0f), threshold(pop.size), reset(pop.size), w_in(pop.size);
    TargetScale& scale = scales_[p];
    scale.current = current;
    scale.per_weight.resize(pop.size);
    for (uint32_t i = 0; i < pop.size; ++i) {
      tau_s[i] = static_cast<float>(tau[i] * 1e-3);
      r[i] = static_cast<float>(tau[i] / dt);  // snnTorch's import of CubaLIF takes r = tau_mem / dt only
      threshold[i] = v_th[i] - e_l[i];
      reset[i] = v_reset[i] - e_l[i];
      const double a_m = std::exp(-dt / tau[i]);
      if (!current) {
        // A delta synapse's weight w (mV) jumps V by w; one step's unit input moves v by r W (1 - a_m).
        scale.per_weight[i] = static_cast<float>(1.0 / (r[i] * (1.0 - a_m)));
      } else {
        // An exponential synapse's weight w (pA) jumps our current by w, which drives V through
        // tau_m / C_m; NIR's current drives v through r. Weights stay ours and w_in carries the rest:
        // one step's unit input raises NIR's current by w_in (1 - a_s).
        const double a_s = std::exp(-dt / *current_taus.begin());
        w_in[i] = static_cast<float>((tau[i] / c_m[i]) / (r[i] * (1.0 - a_s)));
        scale.per_weight[i] = 1.0f;
      }
    }
    std::map<std::string, NirValue> parameters = {{"r", NirValue::floats(r)}, {"v_leak", NirValue::floats(v_leak)}, {"v_threshold", NirValue::floats(threshold)},
                                                  {"v_reset", NirValue::floats(reset)}};
    if (current) {
      parameters["tau_mem"] = NirValue::floats(tau_s);
      parameters["tau_syn"] = NirValue::floats(std::vector<float>(pop.size, static_cast<float>(*current_taus.begin() * 1e-3)));
      parameters["w_in"] = NirValue::floats(w_in);
    } else {
      parameters["tau"] = NirValue::floats(tau_s);
    }
    add(make_node(name, current ? "CubaLIF" : "LIF", std::move(parameters)));
    const std::string output = "output." + name;
    add(make_node(output, "Output", {{"shape", NirValue::integers({pop.size})}}));
    connect(name, output);
  }

  void add_projection(size_t k) {
    const Projection& projection = net_.projections[k];
    const std::string what = "projection '" + projection.name + "'";
    if (projection.plasticity) approximate(what, "plasticity, which NIR has not", "writes its weights as they start");
    const Population& source = net_.populations[projection.source];
    const Population& target = net_.populations[projection.target];
    const TargetScale& scale = scales_.at(projection.target);
    const uint64_t dense = uint64_t(source.size) * target.size;
    std::map<uint16_t, std::vector<float>> by_delay;  // delay steps -> [target, source] weights
    const SynapseTable& table = projection.synapses;
    for (uint32_t s = 0; s < table.source_count(); ++s)
      for (uint64_t e = table.row_offsets[s]; e < table.row_offsets[s + 1]; ++e) {
        std::vector<float>& weights = by_delay[table.delay_steps[e]];
        if (weights.empty()) {
          if (dense * (by_delay.size()) > options_.most_weights)
            refuse(what, std::to_string(by_delay.size()) + " dense matrices of " + std::to_string(target.size) + " x " + std::to_string(source.size) +
                             " weights; NIR's Linear nodes are dense and this is more than " + std::to_string(options_.most_weights));
          weights.assign(dense, 0.0f);
        }
        const uint32_t t = table.targets[e];
        weights[uint64_t(t) * source.size + s] += table.weights[e] * scale.per_weight[t];
      }
    const std::string base = node_name(projection.name);
    for (const auto& [steps, weights] : by_delay) {
      const std::string suffix = by_delay.size() > 1 ? ".delay" + std::to_string(steps) : "";
      const std::string delay = base + suffix + ".delay", linear = base + suffix;
      add(make_node(linear, "Linear", {{"weight", NirValue::floats(weights, {target.size, source.size})}}));
      connect(linear, node_name(target.name));
      if (steps == 1 && options_.drop_one_step_delays) {
        result_.notes.push_back(what + ": its one step of delay left out (a feed-forward edge arrives a step earlier)");
        connect(node_name(source.name), linear);
        continue;
      }
      add(make_node(delay, "Delay", {{"delay", NirValue::floats(std::vector<float>(source.size, static_cast<float>(steps * dt_s_)))}}));
      connect(node_name(source.name), delay);
      connect(delay, linear);
    }
  }

  void add_input(const Input& input) {
    const InputKindInfo& kind = input_kind_info(input.kind);
    const std::string what = "input '" + input.name + "' (" + kind.name + ")";
    if (!kind.events) refuse(what, "a current given by the experiment; NIR has no current sources (give it as data)");
    const Population& target = net_.populations[input.target];
    const TargetScale& scale = scales_.at(input.target);
    std::vector<float> weights(target.size);
    for (uint32_t i = 0; i < target.size; ++i) weights[i] = input.weight[i] * scale.per_weight[i];
    const std::string name = node_name(input.name);
    add(make_node(name, "Input", {{"shape", NirValue::integers({target.size})}}));
    add(make_node(name + ".weight", "Scale", {{"scale", NirValue::floats(weights)}}));
    connect(name, name + ".weight");
    connect(name + ".weight", node_name(target.name));
  }

  const ExperimentSpec& spec_;
  NirExportOptions options_;
  Network net_;
  double dt_s_;
  std::map<size_t, TargetScale> scales_;
  NirExport result_;
};

}  // namespace

NirExport export_network(const ExperimentSpec& spec, const NirExportOptions& options) {
  return NetworkExporter(spec, options).run();
}

}  // namespace snn

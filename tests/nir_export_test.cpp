// Networks exported as NIR graphs: an exported graph, read back and run by our NIR runner on the
// spikes of the network's sources, spikes as the network does; what NIR cannot hold is refused.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <sstream>

#include "core/simulation.hpp"
#include "io/experiment_loader.hpp"
#include "nir/network_export.hpp"
#include "nir/nir_cpu_runner.hpp"
#include "nir/nir_reader.hpp"
#include "nir/nir_writer.hpp"

namespace snn {
namespace {

// `sources` lists of spike times (YAML), each spaced by `least` plus up to `spread` ms, up to `until` ms.
std::string random_spike_times(int sources, unsigned seed, double least, int spread, double until) {
  std::mt19937 random(seed);
  std::ostringstream lists;
  lists << "[";
  for (int n = 0; n < sources; ++n) {
    lists << (n ? ", " : "") << "[";
    double t = 0;
    for (int k = 0; (t += least + random() % (spread * 10) / 10.0) < until; ++k) lists << (k ? ", " : "") << t;
    lists << "]";
  }
  return lists.str() + "]";
}

// 40 sources firing at random times, into 30 LIF neurons through two delta projections with other
// delays, and the neurons onto themselves: no refractory period, nothing NIR cannot hold.
std::string delta_network(const std::string& extra_lif_parameters = ", t_ref: 0", const std::string& synapse = "{type: delta}") {
  std::ostringstream yaml;
  yaml << "name: export_check\nsimulation: {dt: 0.1, duration: 300, seed: 5}\npopulations:\n"
       << "  src:\n    model: spike_source_array\n    size: 40\n    spike_times: " << random_spike_times(40, 7, 2, 30, 290);
  yaml << "\n  pop:\n    model: lif\n    size: 30\n    parameters: {tau_m: 12, C_m: 200, E_L: -65, V_th: -55, V_reset: -70"
       << extra_lif_parameters << "}\n"
       << "projections:\n"
       << "  - {source: src, target: pop, connector: {rule: fixed_probability, p: 0.4}, synapse: " << synapse << ", weight: {uniform: {low: 1, high: 4}}, delay: 1.0}\n"
       << "  - {name: late, source: src, target: pop, connector: {rule: fixed_probability, p: 0.2}, synapse: " << synapse << ", weight: 2.5, delay: 2.3}\n"
       << "  - {source: pop, target: pop, connector: {rule: fixed_probability, p: 0.2}, synapse: " << synapse << ", weight: -1.5, delay: {uniform: {low: 0.5, high: 1.5}}}\n"
       << "record: {spikes: all}\n";
  return yaml.str();
}

TEST(NirExport, ExportedDeltaNetworkSpikesAsTheNetworkDoes) {
  const ExperimentSpec spec = load_experiment_text(delta_network(), "export_check.yaml", {});
  Simulation network(spec);
  network.run_to_end();
  const NirExport exported = export_network(spec);
  EXPECT_TRUE(exported.notes.empty());
  const std::string path = (std::filesystem::temp_directory_path() / "snn_export_check.nir").string();
  write_nir_file(path, exported.file);
  const NirProgram program = compile_nir(read_nir_file(path), spec.dt_ms * 1e-3);
  ASSERT_EQ(program.inputs.size(), 1u);
  ASSERT_EQ(program.ops[program.inputs[0]].path, "src");
  ASSERT_NE(program.find("pop"), nullptr);
  EXPECT_EQ(program.find("pop")->kind, NirOpKind::kLIF);
  const NirOp* output = program.find("output.pop");
  ASSERT_NE(output, nullptr);
  // The sources' spikes as the graph's input, step by step.
  const uint64_t steps = network.total_steps();
  std::vector<float> input(steps * 40, 0.0f);
  for (const RecordedSpike& s : network.spikes("src")) input[s.step * 40 + s.neuron] = 1.0f;
  NirCpuRunner runner(program, 1, NirDiscretisation::kExact, 1);
  const int output_op = static_cast<int>(output - program.ops.data());
  std::vector<RecordedSpike> ours;
  for (uint64_t t = 0; t < steps; ++t) {
    runner.step({input.data() + t * 40});
    const std::vector<float>& spikes = runner.values(output_op);
    for (uint32_t i = 0; i < 30; ++i)
      if (spikes[i] != 0) ours.push_back({t, i});
  }
  const std::vector<RecordedSpike>& expected = network.spikes("pop");
  ASSERT_GT(expected.size(), 50u) << "the network barely fired: the test would show little";
  for (size_t k = 0; k < std::min(ours.size(), expected.size()); ++k)
    if (!(ours[k] == expected[k])) {
      std::ostringstream a, b;
      for (size_t j = k >= 3 ? k - 3 : 0; j < std::min(k + 4, std::min(ours.size(), expected.size())); ++j) {
        a << " (" << ours[j].step << "," << ours[j].neuron << ")";
        b << " (" << expected[j].step << "," << expected[j].neuron << ")";
      }
      ADD_FAILURE() << "first difference at spike " << k << ": ours" << a.str() << " network" << b.str();
      break;
    }
  ASSERT_EQ(ours.size(), expected.size());
  for (size_t k = 0; k < ours.size(); ++k) {
    EXPECT_EQ(ours[k].step, expected[k].step) << k;
    EXPECT_EQ(ours[k].neuron, expected[k].neuron) << k;
  }
  std::filesystem::remove(path);
}

TEST(NirExport, WithoutOneStepDelaysAFeedForwardEdgeArrivesAStepEarlier) {
  // Sources into LIF neurons through one projection of one step's delay, exported with and without
  // its Delay node: without, every spike comes one step earlier than the network's.
  std::ostringstream yaml;
  yaml << "name: one_step\nsimulation: {dt: 0.1, duration: 200, seed: 2}\npopulations:\n  src:\n    model: spike_source_array\n"
       << "    size: 20\n    spike_times: " << random_spike_times(20, 11, 1, 20, 190);
  yaml << "\n  pop: {model: lif, size: 10, parameters: {tau_m: 12, C_m: 200, E_L: -65, V_th: -55, V_reset: -70, t_ref: 0}}\n"
       << "projections:\n  - {source: src, target: pop, connector: {rule: all_to_all}, synapse: {type: delta}, weight: {uniform: {low: 0, high: 3}}, delay: 0.1}\n";
  const ExperimentSpec spec = load_experiment_text(yaml.str(), "one_step.yaml", {});
  Simulation network(spec);
  network.run_to_end();
  NirExportOptions options;
  options.drop_one_step_delays = true;
  const NirExport exported = export_network(spec, options);
  ASSERT_EQ(exported.notes.size(), 1u);
  EXPECT_NE(exported.notes[0].find("one step of delay left out"), std::string::npos);
  for (const NirNode& node : exported.file.graph.nodes) EXPECT_NE(node.type, "Delay") << node.name;
  const NirProgram program = compile_nir(exported.file, spec.dt_ms * 1e-3);
  const int output = static_cast<int>(program.find("output.pop") - program.ops.data());
  const uint64_t steps = network.total_steps();
  std::vector<float> input(steps * 20, 0.0f);
  for (const RecordedSpike& s : network.spikes("src")) input[s.step * 20 + s.neuron] = 1.0f;
  NirCpuRunner runner(program, 1, NirDiscretisation::kExact, 1);
  std::vector<RecordedSpike> earlier;
  for (uint64_t t = 0; t + 1 < steps; ++t) {
    runner.step({input.data() + t * 20});
    const std::vector<float>& spikes = runner.values(output);
    for (uint32_t i = 0; i < 10; ++i)
      if (spikes[i] != 0) earlier.push_back({t + 1, i});  // where the network has it
  }
  const std::vector<RecordedSpike>& expected = network.spikes("pop");
  ASSERT_GT(expected.size(), 30u) << "the network barely fired: the test would show little";
  EXPECT_EQ(earlier, expected);
}

TEST(NirExport, ExponentialCurrentSynapsesBecomeCubaLif) {
  const ExperimentSpec spec = load_experiment_text(delta_network(", t_ref: 0", "{type: exponential_current, tau: 5}"), "export_check.yaml", {});
  const NirExport exported = export_network(spec);
  const NirProgram program = compile_nir(exported.file, spec.dt_ms * 1e-3);
  ASSERT_NE(program.find("pop"), nullptr);
  EXPECT_EQ(program.find("pop")->kind, NirOpKind::kCubaLIF);
  EXPECT_FLOAT_EQ(program.find("pop")->arrays.at("tau_syn")[0], 0.005f);
  EXPECT_NE(program.find("late.delay"), nullptr);  // one delay: one Delay node
}

std::string export_error(const std::string& yaml, bool approximate = false, std::vector<std::string>* notes = nullptr) {
  try {
    NirExportOptions options;
    options.approximate = approximate;
    const NirExport exported = export_network(load_experiment_text(yaml, "export_check.yaml", {}), options);
    if (notes != nullptr) *notes = exported.notes;
  } catch (const NirError& e) {
    return e.what();
  }
  return "(exported)";
}

TEST(NirExport, WhatNirCannotHoldIsRefused) {
  EXPECT_NE(export_error(delta_network(", t_ref: 2")).find("population 'pop' to NIR: a refractory period"), std::string::npos)
      << export_error(delta_network(", t_ref: 2"));
  std::vector<std::string> notes;
  EXPECT_EQ(export_error(delta_network(", t_ref: 2"), true, &notes), "(exported)");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("drops it"), std::string::npos);
  EXPECT_NE(export_error(delta_network(", t_ref: 0, I_e: 100")).find("a bias current I_e"), std::string::npos);
  std::string conductance = delta_network(", t_ref: 0", "{type: exponential_conductance, tau: 5, E_rev: 0}");
  conductance.replace(conductance.find("weight: -1.5"), 12, "weight: 1.5");
  EXPECT_NE(export_error(conductance).find("conductance-based synapses"), std::string::npos) << export_error(conductance);
  std::string izhikevich = delta_network();
  izhikevich.replace(izhikevich.find("model: lif"), 10, "model: izhikevich");
  izhikevich.replace(izhikevich.find("parameters: {tau_m"), izhikevich.find("}\nprojections") - izhikevich.find("parameters: {tau_m") + 1,
                     "parameters: {a: 0.02}");
  EXPECT_NE(export_error(izhikevich).find("a 'izhikevich' population"), std::string::npos) << export_error(izhikevich);
}

}  // namespace
}  // namespace snn

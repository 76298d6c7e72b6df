// The energy estimator against hand-computed cases: one fully-connected layer with every term worked
// out from the Horowitz (ISSCC 2014) prices, a convolution's counts, the break-even rate, and located
// errors in profiles and architectures.
#include <gtest/gtest.h>

#include <limits>

#include "energy/energy_model.hpp"
#include "energy/energy_report_writer.hpp"
#include "io/experiment_error.hpp"

namespace snn::energy {
namespace {

// 100 inputs firing 0.1 spikes per step, 10 outputs, T = 4, 32-bit float SNN, everything in the 8 KB
// SRAM (10 pJ per 64 bits = 0.15625 pJ per bit).
const char* kOneLayer = R"(
name: one layer
time_steps: 4
snn: {weights: fp32, state: fp32}
baselines: [fp32, int8, binary]
layers:
  - {name: fc, type: fc, inputs: 100, outputs: 10, rate: 0.1}
)";

constexpr double kSramBit = 10.0 / 64;

TEST(EnergyModel, OneFullyConnectedLayerByHand) {
  const EnergyReport r = estimate_energy(parse_architecture(kOneLayer, "one.yaml"), default_hardware_profile());
  ASSERT_EQ(r.layers.size(), 1u);
  const LayerEnergy& snn = r.layers[0].snn;
  // 0.1 spikes x 4 steps x 100 inputs, each reaching 10 targets: 400 accumulates at 0.9 pJ (FP add).
  EXPECT_DOUBLE_EQ(snn.synaptic_ops, 400);
  // 4 steps x 10 neurons, each a 3.7 pJ multiply and two 0.9 pJ adds.
  EXPECT_DOUBLE_EQ(snn.neuron_updates, 40);
  EXPECT_NEAR(snn.compute_pj, 400 * 0.9 + 40 * (3.7 + 2 * 0.9), 1e-9);
  // A 32-bit weight per accumulate; 32-bit membrane read and written per update; one bit per input
  // and per output per step.
  EXPECT_DOUBLE_EQ(snn.weight_bits, 400 * 32);
  EXPECT_DOUBLE_EQ(snn.state_bits, 40 * 2 * 32);
  EXPECT_DOUBLE_EQ(snn.activation_bits, 4 * (100 + 10));
  EXPECT_NEAR(snn.memory_pj, (400 * 32 + 40 * 64 + 440) * kSramBit, 1e-9);

  const BaselineEnergy& fp32 = r.layers[0].baselines[0];
  ASSERT_EQ(fp32.precision, Precision::kFp32);
  // 1000 MACs at 4.6 pJ, 10 ReLU compares at 0.9 pJ; 1000 32-bit weights, 110 32-bit activations.
  EXPECT_NEAR(fp32.energy.compute_pj, 1000 * 4.6 + 10 * 0.9, 1e-9);
  EXPECT_NEAR(fp32.energy.memory_pj, (1000 * 32 + 110 * 32) * kSramBit, 1e-9);
  // E_snn(r) = 220 + 400 + 68.75 + r * 4000 * (0.9 + 32 * 0.15625) equals the ANN's 10159 pJ at:
  const double fixed = 40 * 5.5 + 40 * 64 * kSramBit + 440 * kSramBit;
  const double per_rate = 4 * 1000 * (0.9 + 32 * kSramBit);
  EXPECT_EQ(fp32.break_even.verdict, BreakEven::Verdict::kSnnWinsBelowRate);
  EXPECT_NEAR(fp32.break_even.rate, (fp32.energy.total_pj() - fixed) / per_rate, 1e-12);
  EXPECT_NEAR(fp32.break_even.rate, 0.40128, 1e-5);
  // At the break-even rate the two energies are equal.
  const Layer& layer = r.layers[0].layer;
  const Architecture arch = parse_architecture(kOneLayer, "one.yaml");
  EXPECT_NEAR(snn_layer_energy(layer, arch, default_hardware_profile(), fp32.break_even.rate).total_pj(),
              fp32.energy.total_pj(), 1e-6);

  // INT8: 1000 x (0.2 + 0.03) + 10 x 0.03 pJ compute and 8-bit traffic, 1617.8 pJ: the SNN must fire
  // below (1617.8 - 688.75) / 23600 = 0.0394 spikes per input per step to beat it.
  const BaselineEnergy& int8 = r.layers[0].baselines[1];
  EXPECT_NEAR(int8.energy.compute_pj, 1000 * 0.23 + 10 * 0.03, 1e-9);
  EXPECT_NEAR(int8.energy.memory_pj, (1000 * 8 + 110 * 8) * kSramBit, 1e-9);
  EXPECT_EQ(int8.break_even.verdict, BreakEven::Verdict::kSnnWinsBelowRate);
  EXPECT_NEAR(int8.break_even.rate, (1617.8 - fixed) / per_rate, 1e-9);
  // Binary: XNOR + popcount per connection and 1-bit traffic, 181 pJ, below the SNN's rate-independent
  // 688.75 pJ: the binary ANN wins at any rate.
  const BaselineEnergy& binary = r.layers[0].baselines[2];
  EXPECT_NEAR(binary.energy.total_pj(), 1000 * 0.0075 + 10 * 0.00375 + 1110 * kSramBit, 1e-9);
  EXPECT_EQ(binary.break_even.verdict, BreakEven::Verdict::kAnnAlwaysWins);
}

TEST(EnergyModel, ConvolutionCounts) {
  const Architecture arch = parse_architecture(R"(
time_steps: 2
layers:
  - {type: conv, input: [32, 32, 3], out_channels: 16, kernel: 3, stride: 1, padding: 1, rate: 1}
  - {type: conv, input: [32, 32, 16], out_channels: 8, kernel: 2, stride: 2, rate: 0.5}
)",
                                               "conv.yaml");
  EXPECT_EQ(arch.layers[0].outputs, 32u * 32 * 16);
  EXPECT_EQ(arch.layers[0].connections, 32u * 32 * 16 * 3 * 3 * 3);
  EXPECT_EQ(arch.layers[1].outputs, 16u * 16 * 8);
  EXPECT_EQ(arch.layers[1].connections, 16u * 16 * 8 * 2 * 2 * 16);
  EXPECT_EQ(arch.baselines.size(), 5u) << "fp32, fp16, int8, int4 and binary by default";
}

TEST(EnergyModel, BreakEvenVerdicts) {
  EXPECT_EQ(break_even(10, 20, 5).verdict, BreakEven::Verdict::kAnnAlwaysWins);
  EXPECT_EQ(break_even(10, 20, 25).verdict, BreakEven::Verdict::kSnnAlwaysWins);
  const BreakEven b = break_even(10, 20, 12.5);
  EXPECT_EQ(b.verdict, BreakEven::Verdict::kSnnWinsBelowRate);
  EXPECT_DOUBLE_EQ(b.rate, 0.25);
  // For the network's rate scale there is no bound of one spike per step: the line crosses at 1.5.
  const BreakEven scale = break_even(10, 20, 25, std::numeric_limits<double>::infinity());
  EXPECT_EQ(scale.verdict, BreakEven::Verdict::kSnnWinsBelowRate);
  EXPECT_DOUBLE_EQ(scale.rate, 1.5);
  EXPECT_NE(verdict(break_even(10, 20, 5), Precision::kInt8, false).find("int8 ANN wins at any firing rate"),
            std::string::npos);
}

TEST(EnergyModel, ReportsCarryEveryLayerAndBaseline) {
  const EnergyReport r = estimate_energy(parse_architecture(kOneLayer, "one.yaml"), default_hardware_profile());
  const nlohmann::json j = report_json(r);
  EXPECT_EQ(j["layers"][0]["ann"]["binary"]["break_even"]["verdict"], "ann_always_wins");
  EXPECT_EQ(j["layers"][0]["ann"]["int8"]["break_even"]["verdict"], "snn_wins_below_rate");
  EXPECT_DOUBLE_EQ(j["total"]["snn"]["total_pj"].get<double>(), r.snn_total.total_pj());
  EXPECT_DOUBLE_EQ(j["layers"][0]["snn"]["memory_bits"].get<double>(), 400 * 32 + 40 * 64 + 440);
  const std::string csv = report_csv(r);
  EXPECT_NE(csv.find("fc,snn,400,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("fc,int8,"), std::string::npos);
  EXPECT_NE(report_text(r).find("binary ANN wins at any firing rate"), std::string::npos) << report_text(r);
}

void expect_error_at(const std::string& yaml, bool profile, int line, const std::string& words) {
  try {
    if (profile) parse_hardware_profile(yaml, "p.yaml");
    else parse_architecture(yaml, "a.yaml");
    FAIL() << "accepted: " << yaml;
  } catch (const ExperimentError& e) {
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
}

// Spiking attention over 4 tokens of width 8 in 2 heads (head width 4), T = 2: K^T V accumulates
// T H N d^2 min(key, value) = 2 x 2 x 4 x 16 x 0.25 = 64 times, Q (K^T V) 2 x 2 x 4 x 16 x 0.5 = 128
// times; the ANN multiplies and accumulates 2 H N d^2 = 256 times. An analog-input layer multiplies and
// accumulates every connection at each of its evaluations, whatever the rates; a bias is one more
// connection per output.
TEST(EnergyModel, AttentionAnalogInputsAndBiasesByHand) {
  const char* yaml = R"(
time_steps: 2
method: synaptic_ops
baselines: [fp32]
layers:
  - {name: pixels, type: fc, inputs: 3, outputs: 5, bias: true, analog_input: true}
  - {name: attention, type: attention, tokens: 4, dim: 8, heads: 2, rates: {query: 0.5, key: 0.25, value: 0.75}}
  - {name: head, type: fc, tokens: 4, inputs: 8, outputs: 2, analog_input: true, time_steps: 1}
)";
  const EnergyReport r = estimate_energy(parse_architecture(yaml, "attention.yaml"), default_hardware_profile());
  ASSERT_EQ(r.layers.size(), 3u);
  EXPECT_EQ(r.layers[0].layer.connections, 3u * 5 + 5);
  EXPECT_DOUBLE_EQ(r.layers[0].snn.dense_ops, 2 * 20);
  EXPECT_DOUBLE_EQ(r.layers[0].snn.synaptic_ops, 0);
  EXPECT_DOUBLE_EQ(r.layers[1].snn.synaptic_ops, 64 + 128);
  EXPECT_DOUBLE_EQ(r.layers[1].baselines[0].energy.synaptic_ops, 256);
  EXPECT_DOUBLE_EQ(r.layers[2].snn.dense_ops, 4 * 8 * 2);
  // The synaptic-ops method: 0.9 pJ per accumulate, 4.6 pJ per multiply-accumulate, nothing else.
  EXPECT_NEAR(r.snn_total.total_pj(), (40 + 64) * 4.6 + 192 * 0.9, 1e-9);
  EXPECT_NEAR(r.baseline_totals[0].energy.total_pj(), (20 + 256 + 64) * 4.6, 1e-9);
  // Scaling every rate by k scales the attention's accumulates by k: the network's break-even scale is
  // where (104 x 4.6 + k x 172.8) equals the ANN's 340 x 4.6 pJ.
  EXPECT_NEAR(r.baseline_totals[0].break_even.rate, (340 * 4.6 - 104 * 4.6) / 172.8, 1e-9);
}

TEST(EnergyModel, BadFilesAreReportedWhereTheyAreWrong) {
  expect_error_at("time_steps: 2\nlayers:\n  - {type: fc, inputs: 10, outputs: 5, rate: 1.5}\n", false, 3,
                  "between 0 and 1");
  expect_error_at("time_steps: 2\nlayers:\n  - {type: dense, inputs: 10, outputs: 5, rate: 0.1}\n", false, 3,
                  "unknown layer type 'dense'");
  expect_error_at("time_steps: 2\nsnn: {weights: fp8}\nlayers:\n  - {type: fc, inputs: 1, outputs: 1, rate: 0}\n", false,
                  2, "unknown precision 'fp8'");
  expect_error_at("time_steps: 2\nlayers: []\n", false, 2, "at least one layer");
  expect_error_at("time_steps: 2\nlayers:\n  - {type: fc, inputs: 3, outputs: 1, analog_input: true, rate: 0.1}\n", false, 3,
                  "an analog input has no firing rate");
  expect_error_at("time_steps: 2\nlayers:\n  - {type: attention, tokens: 4, dim: 10, heads: 4, rates: {query: 0.1, key: 0.1, value: 0.1}}\n",
                  false, 3, "multiple of heads");
  expect_error_at("time_steps: 2\nmethod: sops\nlayers:\n  - {type: fc, inputs: 1, outputs: 1, rate: 0}\n", false, 2,
                  "expected full or synaptic_ops");
  const std::string ops =
      "operations:\n  fp32: {add: 0.9, multiply: 3.7}\n  fp16: {add: 0.4, multiply: 1.1}\n  int32: {add: 0.1, multiply: 3.1}\n"
      "  int8: {add: 0.03, multiply: 0.2}\n  int4: {add: 0.015, multiply: 0.05}\n  binary: {add: 0.004, multiply: 0.004}\n";
  expect_error_at("name: x\n" + ops + "memory: {sram: 0.15}\nplacement: {weights: sram, membrane: sram, activations: dram}\n",
                  true, 10, "unknown memory level 'dram'");
  expect_error_at("name: x\n" + ops + "memory: {sram: -1}\nplacement: {weights: sram, membrane: sram, activations: sram}\n",
                  true, 9, "memory.sram");
}

}  // namespace
}  // namespace snn::energy

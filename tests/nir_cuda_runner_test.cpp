// The CUDA NIR runner against the CPU runner: every op's output at every step, the voltages, the
// counts and the kept history bit for bit, on the NIR paper's graphs and on a graph of every op kind.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "core/engine.hpp"
#include "nir/cuda/nir_cuda_runner.hpp"
#include "nir/nir_cpu_runner.hpp"
#include "nir/nir_reader.hpp"
#include "nir_test_nodes.hpp"
#include "test_support.hpp"

namespace snn {
namespace {

using testing::source_path;

constexpr double kDt = 1e-4;

class NirCudaRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string reason;
    if (!cuda_device_available(&reason)) GTEST_SKIP() << "the CUDA NIR runner is not testable here: " << reason;
  }
};

// The first element at which two arrays' bits differ, or -1.
int64_t first_difference(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return 0;
  for (size_t k = 0; k < a.size(); ++k)
    if (std::memcmp(&a[k], &b[k], sizeof(float)) != 0) return static_cast<int64_t>(k);
  return -1;
}

// Runs both runners on the same random data (spikes with probability `rate`, given to the GPU as
// bytes, or analog values in [-1, 2) where `rate` is negative) and compares everything they expose.
void expect_same_runs(const NirProgram& program, int64_t batch, int steps, NirDiscretisation scheme, double rate) {
  NirCpuRunner cpu(program, batch, scheme, 2);
  NirCudaRunner gpu(program, batch, scheme, /*keep_spikes=*/true);
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  std::vector<std::vector<float>> cpu_outputs(program.outputs.size()), cpu_spikes(program.ops.size());
  for (int t = 0; t < steps; ++t) {
    std::vector<std::vector<float>> data;
    std::vector<const float*> pointers;
    for (int input : program.inputs) {
      std::vector<float> values(static_cast<size_t>(batch * program.ops[input].output_size()));
      for (float& value : values) value = rate < 0 ? 3.0f * uniform(rng) - 1.0f : (uniform(rng) < rate ? 1.0f : 0.0f);
      data.push_back(std::move(values));
      pointers.push_back(data.back().data());
    }
    cpu.step(pointers);
    if (rate >= 0) {  // spikes: the GPU takes them as bytes
      std::vector<std::vector<uint8_t>> bytes;
      std::vector<const uint8_t*> byte_pointers;
      for (const std::vector<float>& values : data) bytes.emplace_back(values.begin(), values.end());
      for (const std::vector<uint8_t>& b : bytes) byte_pointers.push_back(b.data());
      gpu.step(byte_pointers);
    } else {
      gpu.step(pointers);
    }
    for (size_t i = 0; i < program.ops.size(); ++i) {
      const std::vector<float>& expected = cpu.values(static_cast<int>(i));
      const std::vector<float> got = gpu.values(static_cast<int>(i));
      const int64_t at = first_difference(expected, got);
      ASSERT_EQ(at, -1) << program.path << ": op '" << program.ops[i].path << "' (" << program.ops[i].type << ") at step " << t
                        << ", element " << at << ": CPU " << expected[at] << ", CUDA " << got[at];
      if (program.ops[i].spiking()) cpu_spikes[i].insert(cpu_spikes[i].end(), expected.begin(), expected.end());
    }
    for (size_t k = 0; k < program.outputs.size(); ++k) {
      const std::vector<float>& values = cpu.values(program.outputs[k]);
      cpu_outputs[k].insert(cpu_outputs[k].end(), values.begin(), values.end());
    }
  }
  uint64_t spikes = 0;
  for (size_t i = 0; i < program.ops.size(); ++i) {
    const NirOpCounts a = cpu.counts(static_cast<int>(i)), b = gpu.counts(static_cast<int>(i));
    const std::string op = program.ops[i].path;
    EXPECT_EQ(a.input_nonzero, b.input_nonzero) << op;
    EXPECT_EQ(a.input_values, b.input_values) << op;
    EXPECT_EQ(a.input_events, b.input_events) << op;
    EXPECT_EQ(a.input_analog, b.input_analog) << op;
    EXPECT_EQ(a.output_nonzero, b.output_nonzero) << op;
    EXPECT_EQ(a.output_values, b.output_values) << op;
    EXPECT_EQ(first_difference(cpu.voltages(static_cast<int>(i)), gpu.voltages(static_cast<int>(i))), -1) << op;
    spikes += a.output_nonzero;
  }
  EXPECT_GT(spikes, 0u) << program.path << ": nothing fired, so the comparison shows little";
  std::vector<std::vector<float>> outputs;
  std::vector<std::vector<uint8_t>> kept;
  gpu.take_history(outputs, kept);
  for (size_t k = 0; k < program.outputs.size(); ++k)
    EXPECT_EQ(first_difference(outputs[k], cpu_outputs[k]), -1) << "history of output " << program.ops[program.outputs[k]].path;
  for (size_t i = 0; i < program.ops.size(); ++i) {
    ASSERT_EQ(kept[i].size(), cpu_spikes[i].size()) << program.ops[i].path;
    for (size_t k = 0; k < kept[i].size(); ++k)
      ASSERT_EQ(kept[i][k], cpu_spikes[i][k] != 0.0f ? 1 : 0) << program.ops[i].path << " element " << k;
  }
}

using testing::nir_filled;
using testing::nir_node;
using testing::nir_values;
NirValue ints(std::vector<double> numbers) { return nir_values({static_cast<int64_t>(numbers.size())}, std::move(numbers), true); }
NirValue randoms(TensorShape shape, double low, double high, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> draw(low, high);
  std::vector<double> numbers(static_cast<size_t>(element_count(shape)));
  for (double& x : numbers) x = draw(rng);
  return nir_values(std::move(shape), std::move(numbers));
}


// Every op kind: grouped 2-D and 1-D convolutions, both poolings, Flatten, Affine, Linear, Scale,
// Threshold, all six neurons, Delays of zero and of several steps, a sum of four sources and a cycle
// closed by a recurrent Affine (the previous step's value) and one through a Delay.
NirFile every_kind_graph() {
  std::mt19937_64 rng(5);
  NirFile file;
  file.path = "every_kind.nir";
  const auto lif = [](int64_t n, double threshold) {
    return std::map<std::string, NirValue>{{"tau", nir_filled(n, 2e-3)}, {"r", nir_filled(n, 1)}, {"v_leak", nir_filled(n, 0.01)},
                                           {"v_threshold", nir_filled(n, threshold)}};
  };
  const auto cuba = [](int64_t n, bool spikes) {
    std::map<std::string, NirValue> p{{"tau_syn", nir_filled(n, 1e-3)}, {"tau_mem", nir_filled(n, 3e-3)}, {"r", nir_filled(n, 2)},
                                      {"v_leak", nir_filled(n, 0)}, {"w_in", nir_filled(n, 1.5)}};
    if (spikes) p["v_threshold"] = nir_filled(n, 0.2);
    return p;
  };
  file.graph.nodes = {
      nir_node("image", "Input", {{"shape", ints({2, 6, 6})}}),
      nir_node("signal", "Input", {{"shape", ints({3, 10})}}),
      nir_node("conv", "Conv2d", {{"weight", randoms({4, 1, 3, 3}, -0.5, 1.0, rng)}, {"bias", randoms({4}, -0.1, 0.1, rng)},
                              {"stride", ints({1, 1})}, {"padding", ints({1, 1})}, {"dilation", ints({1, 1})}, {"groups", ints({2})}}),
      nir_node("lif", "LIF", lif(144, 0.05)),
      nir_node("avg", "AvgPool2d", {{"kernel_size", ints({2, 2})}, {"stride", ints({2, 2})}, {"padding", ints({0, 0})}}),
      nir_node("sum", "SumPool2d", {{"kernel_size", ints({3, 3})}, {"stride", ints({3, 3})}, {"padding", ints({0, 0})}}),
      nir_node("threshold", "Threshold", {{"threshold", nir_filled(36, 0.1)}}),
      nir_node("flat", "Flatten", {{"start_dim", ints({0})}, {"end_dim", ints({-1})}}),
      nir_node("flat_image", "Flatten", {{"start_dim", ints({0})}, {"end_dim", ints({-1})}}),
      nir_node("linear", "Linear", {{"weight", randoms({8, 36}, -0.5, 1.0, rng)}}),
      nir_node("scale", "Scale", {{"scale", randoms({8}, 0.5, 2.0, rng)}}),
      nir_node("direct", "Affine", {{"weight", randoms({8, 72}, -0.2, 0.5, rng)}, {"bias", randoms({8}, -0.1, 0.1, rng)}}),
      nir_node("cuba", "CubaLIF", cuba(8, true)),
      nir_node("recurrent", "Affine", {{"weight", randoms({8, 8}, -0.5, 0.5, rng)}, {"bias", nir_filled(8, 0)}}),
      nir_node("delay", "Delay", {{"delay", nir_values({8}, {1e-4, 2e-4, 3e-4, 1e-4, 2e-4, 3e-4, 1e-4, 5e-4})}}),
      nir_node("delay0", "Delay", {{"delay", nir_values({8}, {0, 2e-4, 0, 1e-4, 0, 0, 3e-4, 0})}}),
      nir_node("cuba_li", "CubaLI", cuba(8, false)),
      nir_node("integrator", "Integrator", {{"r", nir_filled(8, 0.5)}}),
      nir_node("if", "IF", {{"r", nir_filled(8, 1)}, {"v_threshold", nir_filled(8, 0.5)}}),
      nir_node("li", "LI", {{"tau", nir_filled(8, 5e-3)}, {"r", nir_filled(8, 1)}, {"v_leak", nir_filled(8, 0)}}),
      nir_node("conv1d", "Conv1d", {{"weight", randoms({2, 3, 3}, -0.5, 1.0, rng)}, {"bias", randoms({2}, -0.1, 0.1, rng)},
                                {"stride", ints({2})}, {"padding", ints({1})}, {"dilation", ints({1})}, {"groups", ints({1})}}),
      nir_node("out_spikes", "Output", {{"shape", ints({8})}}),
      nir_node("out_li", "Output", {{"shape", ints({8})}}),
      nir_node("out_integrator", "Output", {{"shape", ints({8})}}),
      nir_node("out_if", "Output", {{"shape", ints({8})}}),
      nir_node("out_delay0", "Output", {{"shape", ints({8})}}),
      nir_node("out_threshold", "Output", {{"shape", ints({4, 3, 3})}}),
      nir_node("out_sum", "Output", {{"shape", ints({4, 2, 2})}}),
      nir_node("out_conv1d", "Output", {{"shape", ints({2, 5})}}),
  };
  file.graph.edges = {{"image", "conv"},       {"conv", "lif"},          {"lif", "avg"},          {"lif", "sum"},
                      {"avg", "threshold"},    {"avg", "flat"},          {"flat", "linear"},      {"linear", "scale"},
                      {"image", "flat_image"}, {"flat_image", "direct"}, {"scale", "cuba"},       {"direct", "cuba"},
                      {"recurrent", "cuba"},   {"delay", "cuba"},        {"cuba", "recurrent"},   {"cuba", "delay"},
                      {"cuba", "cuba_li"},     {"cuba", "integrator"},   {"linear", "if"},        {"linear", "li"},
                      {"linear", "delay0"},    {"cuba", "out_spikes"},   {"cuba_li", "out_li"},   {"integrator", "out_integrator"},
                      {"if", "out_if"},        {"delay0", "out_delay0"}, {"threshold", "out_threshold"},
                      {"sum", "out_sum"},      {"signal", "conv1d"},     {"conv1d", "out_conv1d"}};
  return file;
}

TEST_F(NirCudaRunnerTest, PapersConvolutionalGraphGivesTheCpuBits) {
  const NirProgram program = compile_nir(read_nir_file(source_path("tests/fixtures/nir/cnn_sinabs.nir")), kDt);
  expect_same_runs(program, 5, 40, NirDiscretisation::kExact, 0.1);
}

TEST_F(NirCudaRunnerTest, PapersRecurrentGraphsGiveTheCpuBitsInBothSchemes) {
  for (const char* name : {"braille_noDelay_bias_zero.nir", "braille_noDelay_noBias_subtract.nir"}) {
    const NirProgram program = compile_nir(read_nir_file(source_path(std::string("tests/fixtures/nir/") + name)), kDt);
    expect_same_runs(program, 4, 60, NirDiscretisation::kSnnTorch, 0.2);
    expect_same_runs(program, 3, 60, NirDiscretisation::kExact, 0.2);
  }
}

TEST_F(NirCudaRunnerTest, PapersSingleNeuronGivesTheCpuBitsOnAnalogInput) {
  const NirProgram program = compile_nir(read_nir_file(source_path("tests/fixtures/nir/lif_norse.nir")), kDt);
  expect_same_runs(program, 7, 200, NirDiscretisation::kExact, -1);
}

TEST_F(NirCudaRunnerTest, EveryOpKindGivesTheCpuBits) {
  const NirProgram program = compile_nir(every_kind_graph(), kDt);
  expect_same_runs(program, 6, 50, NirDiscretisation::kExact, 0.3);
  expect_same_runs(program, 3, 50, NirDiscretisation::kSnnTorch, -1);
}

}  // namespace
}  // namespace snn

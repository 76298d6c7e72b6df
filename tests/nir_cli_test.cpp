// `snn run MODEL.nir --input DATA`: a NIR graph run from the command line, its file, its energy, and
// its errors.
#include <gtest/gtest.h>

#include <hdf5.h>

#include <cstring>
#include <fstream>

#include "energy/architecture.hpp"
#include "io/hdf5_access.hpp"
#include "models/layer_run_record.hpp"
#include "snn_command.hpp"
#include "test_support.hpp"

namespace snn {
namespace {

using testing::CommandResult;
using testing::run_snn;
using testing::source_path;

// A float32 .npy file (format 1.0) of `shape`.
void write_npy(const std::string& path, const std::vector<int64_t>& shape, const std::vector<float>& values) {
  std::string dims;
  for (int64_t d : shape) dims += std::to_string(d) + ", ";
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
  header.append(64 - (10 + header.size() + 1) % 64, ' ');
  header += '\n';
  std::ofstream out(path, std::ios::binary);
  out.write("\x93NUMPY\x01\x00", 8);
  const uint16_t length = static_cast<uint16_t>(header.size());
  out.put(static_cast<char>(length & 0xff)).put(static_cast<char>(length >> 8));
  out << header;
  out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(float)));
}

// The NIR paper's input to its LIF graph: the first column of its exact solution's trace.
std::vector<float> paper_input() {
  std::ifstream csv(source_path("tests/fixtures/nir/lif_exact.csv"));
  std::vector<float> input;
  std::string line;
  while (std::getline(csv, line)) input.push_back(std::stof(line.substr(0, line.find(','))));
  return input;
}

TEST(NirCli, RunsTheLifGraphAndWritesItsTraceCountsAndEnergy) {
  const std::string dir = ::testing::TempDir(), input = dir + "/lif_in.npy", output = dir + "/lif_run.h5";
  const std::vector<float> values = paper_input();
  write_npy(input, {static_cast<int64_t>(values.size()), 1}, values);
  const CommandResult r = run_snn("run " + source_path("tests/fixtures/nir/lif_norse.nir") + " --input " + input + " -o " + output +
                                  " --discretisation snntorch --record-spikes --no-progress");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("1000 steps x 1 samples"), std::string::npos) << r.output;
  const LayerRunRecord run = read_layer_run(output);
  EXPECT_EQ(run.time_steps, 1000);
  ASSERT_EQ(run.logits.values.size(), 1u);
  EXPECT_EQ(run.logits.values[0], 4.0f);  // the paper's four spikes
  const hid_t file = H5Fopen(output.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const std::vector<float> trace = hdf5::read_dataset<float>(file, "outputs/output", H5T_NATIVE_FLOAT);
  const std::vector<uint8_t> spikes = hdf5::read_dataset<uint8_t>(file, "spikes/1", H5T_NATIVE_UINT8);
  EXPECT_EQ(hdf5::read_string_attribute(file, "discretisation"), "snntorch");
  H5Fclose(file);
  ASSERT_EQ(trace.size(), 1000u);
  std::vector<int> steps;
  for (size_t t = 0; t < trace.size(); ++t)
    if (trace[t] != 0) steps.push_back(static_cast<int>(t));
  EXPECT_EQ(steps, (std::vector<int>{460, 510, 710, 760}));
  for (size_t t = 0; t < spikes.size(); ++t) EXPECT_EQ(spikes[t] != 0, trace[t] != 0) << t;
  const std::string architecture = dir + "/lif_arch.yaml";
  std::ofstream(architecture) << run.energy_architecture;
  const energy::Architecture arch = energy::load_architecture(architecture);
  ASSERT_EQ(arch.layers.size(), 1u);  // the Affine
  EXPECT_EQ(arch.time_steps, 1000u);
  double ones = 0;
  for (float v : values) ones += v;
  EXPECT_EQ(ones, 34.0);  // the paper's input: 34 unit pulses in 1000 steps
  EXPECT_NEAR(arch.layers[0].input_rate, ones / 1000.0, 1e-9);
}

TEST(NirCli, ExplainsWhatItNeeds) {
  const std::string dir = ::testing::TempDir(), input = dir + "/wrong_shape.npy";
  CommandResult r = run_snn("run " + source_path("tests/fixtures/nir/lif_norse.nir") + " -o " + dir + "/x.h5 --no-progress");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("needs --input DATA"), std::string::npos) << r.output;
  write_npy(input, {10, 3, 3}, std::vector<float>(90, 0.0f));
  r = run_snn("run " + source_path("tests/fixtures/nir/cnn_sinabs.nir") + " --input " + input + " -o " + dir + "/x.h5 --no-progress");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("an array of shape [10, 3, 3] where the graph's input [2, 34, 34] wants [steps, 2, 34, 34]"), std::string::npos)
      << r.output;
  r = run_snn("run " + source_path("tests/fixtures/nir/braille_noDelay_bias_zero_subgraph.nir") + " --input " + input + " --no-progress");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("names no node 'lif'"), std::string::npos) << r.output;
}

TEST(NirCli, BatchesRunIndependently) {
  // Four samples of random events through the paper's CNN: each sample alone gives the counts it
  // gives in the batch, and the thread count changes nothing.
  const std::string dir = ::testing::TempDir(), input = dir + "/cnn_in.npy", one = dir + "/cnn_one.npy";
  const int64_t steps = 12, batch = 4, size = 2 * 34 * 34;
  std::vector<float> values(static_cast<size_t>(steps * batch * size));
  uint32_t state = 12345;
  for (float& v : values) {
    state = state * 1664525u + 1013904223u;
    v = (state >> 24) < 20 ? 1.0f : 0.0f;
  }
  write_npy(input, {steps, batch, 2, 34, 34}, values);
  std::vector<float> third;
  for (int64_t t = 0; t < steps; ++t) third.insert(third.end(), values.begin() + (t * batch + 2) * size, values.begin() + (t * batch + 3) * size);
  write_npy(one, {steps, 2, 34, 34}, third);
  const std::string model = source_path("tests/fixtures/nir/cnn_sinabs.nir");
  ASSERT_EQ(run_snn("run " + model + " --input " + input + " -o " + dir + "/b1.h5 --threads 1 --no-progress").status, 0);
  ASSERT_EQ(run_snn("run " + model + " --input " + input + " -o " + dir + "/b2.h5 --threads 2 --no-progress").status, 0);
  ASSERT_EQ(run_snn("run " + model + " --input " + one + " -o " + dir + "/b3.h5 --threads 1 --no-progress").status, 0);
  const LayerRunRecord a = read_layer_run(dir + "/b1.h5"), b = read_layer_run(dir + "/b2.h5"), c = read_layer_run(dir + "/b3.h5");
  EXPECT_EQ(a.logits.values, b.logits.values);
  ASSERT_EQ(a.logits.shape, (TensorShape{4, 10}));
  EXPECT_EQ(std::vector<float>(a.logits.values.begin() + 20, a.logits.values.begin() + 30), c.logits.values);
  double total = 0;
  for (float v : a.logits.values) total += v;
  EXPECT_GT(total, 0) << "the output never fired: the test would show little";
}

}  // namespace
}  // namespace snn

namespace snn {
namespace {

// The paper's LIF input as events (an HDF5 file of `index` and `time`), and as a network exported
// with two Input nodes fed by name.
TEST(NirCli, TakesEventFilesAndNamedInputs) {
  const std::string dir = ::testing::TempDir(), events = dir + "/lif_events.h5", output = dir + "/lif_events_run.h5";
  const std::vector<float> values = paper_input();
  std::vector<uint64_t> index;
  std::vector<double> time;
  for (size_t t = 0; t < values.size(); ++t)
    if (values[t] != 0) {
      index.push_back(0);
      time.push_back((t + 0.5) * 1e-4);  // inside the step: binned by dt
    }
  const hid_t file = H5Fcreate(events.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hdf5::write_vector(file, "index", H5T_STD_U64LE, H5T_NATIVE_UINT64, index);
  hdf5::write_vector(file, "time", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, time);
  H5Fclose(file);
  CommandResult r = run_snn("run " + source_path("tests/fixtures/nir/lif_norse.nir") + " --input " + events + " --steps 1000 -o " +
                            output + " --no-progress");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(read_layer_run(output).logits.values, std::vector<float>{4.0f});  // the paper's four spikes, as from the array
  r = run_snn("run " + source_path("tests/fixtures/nir/lif_norse.nir") + " --input " + events + " --steps 500 -o " + output + " --no-progress");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("events reach step"), std::string::npos) << r.output;

  const std::string experiment = dir + "/two_inputs.yaml", model = dir + "/two_inputs.nir", src = dir + "/src.npy", noise = dir + "/noise.npy";
  std::ofstream(experiment) << "name: two_inputs\nsimulation: {dt: 0.1, duration: 50}\n"
                               "populations:\n  src: {model: spike_source_array, size: 3, spike_times: [[1], [2], [3]]}\n"
                               "  cells: {model: lif, size: 2, parameters: {t_ref: 0}}\n"
                               "projections: [{source: src, target: cells, connector: {rule: all_to_all}, synapse: {type: delta}, weight: 5, delay: 1}]\n"
                               "inputs: [{type: poisson, target: cells, rate: 100, weight: 1, synapse: {type: delta}}]\n";
  r = run_snn("export " + experiment + " -o " + model);
  ASSERT_EQ(r.status, 0) << r.output;
  write_npy(src, {100, 3}, std::vector<float>(300, 0.0f));
  write_npy(noise, {100, 2}, std::vector<float>(200, 0.0f));
  r = run_snn("run " + model + " --input " + src + " -o " + dir + "/x.h5 --no-progress");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("2 Input nodes: give --input NODE=FILE for each"), std::string::npos) << r.output;
  r = run_snn("run " + model + " --input src=" + src + " --input poisson_to_cells=" + noise + " -o " + dir + "/x.h5 --no-progress");
  EXPECT_EQ(r.status, 0) << r.output;
}

}  // namespace
}  // namespace snn

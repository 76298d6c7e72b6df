// The snn command as a user runs it: bench's machine-readable line, backend choice, bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "core/engine.hpp"
#include "io/experiment_loader.hpp"
#include "io/hdf5_reader.hpp"
#include "io/layer_run_record.hpp"
#include "energy/architecture.hpp"
#include "io/safetensors.hpp"
#include "models/spike_gpt.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

struct CommandResult {
  int status;
  std::string output;
};

CommandResult run_snn(const std::string& arguments) {
  const std::string command = snn_binary() + " " + arguments + " 2>&1";
  CommandResult result{0, ""};
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, n);
  result.status = pclose(pipe);
  return result;
}

TEST(Cli, BenchAppendsAMachineReadableLine) {
  const std::string results = ::testing::TempDir() + "/bench.jsonl";
  std::remove(results.c_str());
  const CommandResult r = run_snn("bench " + source_path("experiments/izhikevich2003.yaml") +
                                  " --backend cpu --duration 200 --no-progress --results " + results);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("real-time factor"), std::string::npos) << r.output;
  std::ifstream in(results);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  const nlohmann::json j = nlohmann::json::parse(line);
  EXPECT_EQ(j["backend"], "cpu");
  EXPECT_EQ(j["neurons"], 1000);
  EXPECT_EQ(j["synapses"], 1000000);
  EXPECT_DOUBLE_EQ(j["biological_s"].get<double>(), 0.2);
  EXPECT_GT(j["spikes"].get<double>(), 500);
  // All-to-all: every spike reaches all 1000 neurons, so events = 1000 x spikes.
  EXPECT_NEAR(j["synaptic_events_per_s"].get<double>() * j["simulation_s"].get<double>(),
              1000.0 * j["spikes"].get<double>(), 1.0);
  EXPECT_GT(j["bytes_per_synapse"].get<double>(), 10.0);  // target, weight and delay at least
}

TEST(Cli, CudaBackendWithoutADeviceIsAClearError) {
  std::string reason;
  if (cuda_device_available(&reason)) GTEST_SKIP() << "a CUDA device is present";
  const CommandResult r = run_snn("run " + source_path("experiments/izhikevich2003.yaml") + " --backend cuda -o " +
                                  ::testing::TempDir() + "/x.h5");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("--backend cuda:"), std::string::npos) << r.output;
  const CommandResult automatic = run_snn("run " + source_path("experiments/izhikevich2003.yaml") +
                                          " --duration 10 -o " + ::testing::TempDir() + "/x.h5");
  EXPECT_EQ(automatic.status, 0) << automatic.output;
  EXPECT_NE(automatic.output.find("running on the CPU backend"), std::string::npos) << automatic.output;
}

TEST(Cli, LearnedWeightsCarryOverToTheNextRun) {
  // 20 trials of the reservoir experiment learn readout weights; a second run starts from them with
  // learning off: its weights stay the learnt ones and its readouts fire, where untrained ones do not.
  const std::string experiment = source_path("experiments/reservoir_what_when.yaml");
  const std::string learnt = ::testing::TempDir() + "/learnt.h5", evaluated = ::testing::TempDir() + "/evaluated.h5";
  const std::string frozen = " --set projections.2.plasticity.learning_rate=0";
  ASSERT_EQ(run_snn("run " + experiment + " --backend cpu --duration 20000 --no-progress -o " + learnt).status, 0);
  const CommandResult r = run_snn("run " + experiment + " --backend cpu --duration 5000 --no-progress --load-weights " +
                                  learnt + frozen + " -o " + evaluated);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("learned weights of 1 projection loaded"), std::string::npos) << r.output;
  const RecordedRun before = read_recorded_run(learnt), after = read_recorded_run(evaluated);
  ASSERT_EQ(before.weights.size(), 1u);
  ASSERT_EQ(after.weights.size(), 1u);
  EXPECT_EQ(after.weights[0].weights, before.weights[0].weights);
  EXPECT_NE(before.weights[0].weights, std::vector<float>(before.weights[0].weights.size(), 0.0f));
  // The host readouts' samples are in the file as the run computed them.
  const RunResult in_memory = run_spec(load_experiment_file(experiment, {"simulation.duration=20000"}), 0);
  ASSERT_EQ(before.readouts.size(), 3u);
  for (const RecordedReadout& recorded : before.readouts) {
    size_t k = 0;
    while (k < in_memory.readouts.size() && in_memory.readouts[k]->settings().name != recorded.name) ++k;
    ASSERT_LT(k, in_memory.readouts.size()) << recorded.name;
    EXPECT_EQ(recorded.values, in_memory.readouts[k]->samples()) << recorded.name;
    EXPECT_EQ(recorded.teacher, in_memory.readouts[k]->teacher_samples()) << recorded.name;
    EXPECT_EQ(recorded.times_ms.size(), 2000u);
    EXPECT_EQ(recorded.kind, recorded.name == "force" ? "force" : "spikes");
  }
  auto readout_spikes = [](const RecordedRun& run) {
    for (const RecordedSpikes& s : run.spikes)
      if (s.population == "readout") return s.node_ids.size();
    return size_t(0);
  };
  EXPECT_GT(readout_spikes(after), 0u);
  ASSERT_EQ(run_snn("run " + experiment + " --backend cpu --duration 5000 --no-progress" + frozen + " -o " + evaluated).status, 0);
  EXPECT_EQ(readout_spikes(read_recorded_run(evaluated)), 0u);
  // Other synapses than the file's: refused, naming the projection.
  const CommandResult other = run_snn("run " + experiment + " --backend cpu --duration 10 --no-progress --load-weights " +
                                      learnt + " --set projections.2.connector.rule=fixed_probability" +
                                      " --set projections.2.connector.p=0.5 -o " + evaluated);
  EXPECT_NE(other.status, 0);
  EXPECT_NE(other.output.find("projection 'readout' has 1000 synapses, this experiment's has"), std::string::npos) << other.output;
  const CommandResult missing = run_snn("run " + experiment + " --backend cpu --duration 10 --no-progress --load-weights " +
                                        ::testing::TempDir() + "/none.h5 -o " + evaluated);
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.output.find("cannot open"), std::string::npos) << missing.output;
}

TEST(Cli, InvalidExperimentExitsWithTheLocatedError) {
  const std::string path = ::testing::TempDir() + "/bad.yaml";
  std::ofstream(path) << "simulation: {dt: 0.1, duration: 10}\npopulations:\n  a: {model: lif, size: -1}\n";
  const CommandResult r = run_snn("validate " + path);
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find(path + ":3:"), std::string::npos) << r.output;
}

TEST(Cli, EnergyWritesJsonAndCsvAndSaysWhoWins) {
  const std::string output = ::testing::TempDir() + "/energy_report";
  const CommandResult r = run_snn("energy " + source_path("experiments/energy_mlp_fashion_mnist.yaml") + " -o " + output);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("int8: the int8 ANN needs"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("fp32: the SNN needs"), std::string::npos) << r.output;
  std::ifstream json(output + ".json");
  const nlohmann::json j = nlohmann::json::parse(json);
  EXPECT_EQ(j["layers"].size(), 2u);
  EXPECT_EQ(j["layers"][0]["connections"], 784 * 400);
  EXPECT_EQ(j["time_steps"], 8);
  std::ifstream csv(output + ".csv");
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header.rfind("layer,model,synaptic_ops", 0), 0u) << header;
}

TEST(Cli, EnergyRejectsABadProfileWithItsLocation) {
  const std::string path = ::testing::TempDir() + "/profile.yaml";
  std::ofstream(path) << "name: broken\noperations: {}\n";
  const CommandResult r =
      run_snn("energy " + source_path("experiments/energy_mlp_fashion_mnist.yaml") + " --profile " + path);
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find(path + ":2:"), std::string::npos) << r.output;
}

TEST(Cli, GenerateSamplesTextFromASpikeGptModel) {
  const std::string model = source_path("tests/fixtures/spikegpt_small.weights.safetensors");
  // Greedy ids are the host model's argmax, token after token.
  const CommandResult greedy = run_snn("generate " + model + " --prompt-ids 5,6,7 -n 12 --greedy --ids --no-echo --backend cpu");
  ASSERT_EQ(greedy.status, 0) << greedy.output;
  const SpikeGptModel gpt = load_spike_gpt(model);
  SpikeGptState state = spike_gpt_start(gpt);
  Tensor logits = spike_gpt_forward(gpt, {5, 6, 7}, state);
  std::string expected;
  for (int k = 0; k < 12; ++k) {
    const float* last = logits.row(logits.dim(0) - 1);
    const int32_t next = static_cast<int32_t>(std::max_element(last, last + gpt.vocabulary) - last);
    expected += std::to_string(next) + " ";
    logits = spike_gpt_forward(gpt, {next}, state);
  }
  EXPECT_NE(greedy.output.find("\n" + expected + "\n"), std::string::npos) << greedy.output << "\nexpected " << expected;
  EXPECT_NE(greedy.output.find("tokens/s"), std::string::npos) << greedy.output;

  // A character vocabulary of 77 entries in UTF-16 with a byte-order mark, as SpikeGPT's training
  // writes it: a newline, then the characters from ' ' to 'k'.
  nlohmann::json table;
  table["0"] = "\n";
  for (int c = 1; c < 77; ++c) table[std::to_string(c)] = std::string(1, static_cast<char>(' ' + c - 1));
  const std::string vocabulary = ::testing::TempDir() + "/vocab.json";
  {
    std::ofstream out(vocabulary, std::ios::binary);
    out << '\xff' << '\xfe';
    for (char c : table.dump()) out << c << '\0';
  }
  const std::string sample = "generate " + model + " --vocab " + vocabulary + " --prompt 'a b' -n 40 --seed 4 --backend cpu";
  const CommandResult first = run_snn(sample), second = run_snn(sample);
  ASSERT_EQ(first.status, 0) << first.output;
  const size_t text = first.output.find("a b");
  ASSERT_NE(text, std::string::npos) << first.output;
  const std::string generated = first.output.substr(text, 43);
  EXPECT_NE(second.output.find(generated), std::string::npos) << "the same seed draws the same text";
  for (char c : generated.substr(3)) EXPECT_TRUE(c == '\n' || (c >= ' ' && c <= 'k')) << generated;
  const CommandResult unknown = run_snn("generate " + model + " --vocab " + vocabulary + " --prompt 'a~' --backend cpu");
  EXPECT_NE(unknown.status, 0);
  EXPECT_NE(unknown.output.find("character 2 of the prompt ('~') is not in the model's vocabulary"), std::string::npos)
      << unknown.output;
}

// SpikeGPT per token for the energy estimator: every projection multiplies analog values.
TEST(Cli, GenerateWritesTheModelPerTokenForTheEnergyEstimator) {
  const std::string architecture = ::testing::TempDir() + "/spikegpt_per_token.yaml";
  const CommandResult r = run_snn("generate " + source_path("tests/fixtures/spikegpt_small.weights.safetensors") +
                                  " --prompt-ids 1,2,3 -n 10 --backend cpu --energy-architecture " + architecture);
  ASSERT_EQ(r.status, 0) << r.output;
  const energy::Architecture arch = energy::load_architecture(architecture);
  ASSERT_EQ(arch.layers.size(), 7u * 3u + 1u);  // 7 projections a block, then the head
  for (const auto& layer : arch.layers) EXPECT_TRUE(layer.analog_input) << layer.name;
  EXPECT_EQ(arch.layers[4].name, "block0.ffn.key");
  EXPECT_EQ(arch.layers[4].connections, 32u * 128u);
  EXPECT_NE(read_text(architecture).find("(12 tokens measured)"), std::string::npos);  // 3 prompt + 9 fed back
  EXPECT_EQ(run_snn("energy " + architecture + " -o " + ::testing::TempDir() + "/spikegpt_energy").status, 0);
}

// The firing rates a Spikformer run measures become an architecture the energy estimator reads; they
// are the rates of the reference implementation's spikes in the fixture.
TEST(Cli, ClassifyWritesTheMeasuredRatesForTheEnergyEstimator) {
  const std::string architecture = ::testing::TempDir() + "/spikformer_rates.yaml";
  const CommandResult r = run_snn("classify " + source_path("tests/fixtures/spikformer_small.weights.safetensors") +
                                  " --images " + source_path("tests/fixtures/spikformer_small.io.safetensors") +
                                  " --heads 4 --backend cpu --repeat 0 --energy-architecture " + architecture);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("same class for 2 of 2"), std::string::npos) << r.output;
  const energy::Architecture arch = energy::load_architecture(architecture);
  EXPECT_EQ(arch.time_steps, 4u);
  ASSERT_EQ(arch.layers.size(), 5u + 7u * 2u + 1u);  // stem, position, 7 a block, the classifier
  const auto reference = read_safetensors(source_path("tests/fixtures/spikformer_small.io.safetensors")).tensors;
  auto mean = [](const Tensor& t) {
    double sum = 0;
    for (float v : t.values) sum += v;
    return sum / t.values.size();
  };
  auto layer = [&](const std::string& name) {
    for (const auto& l : arch.layers)
      if (l.name == name) return l;
    throw std::runtime_error("no layer " + name);
  };
  EXPECT_TRUE(layer("stem.conv0").analog_input);
  // stem.conv1 reads the first LIF layer's spikes (no pooling between them).
  EXPECT_NEAR(layer("stem.conv1").input_rate, mean(reference.at("patch_embed.proj_lif")), 1e-6);
  EXPECT_NEAR(layer("block0.proj").input_rate, mean(reference.at("block.0.attn.attn_lif")), 1e-6);
  EXPECT_NEAR(layer("block1.fc2").input_rate, mean(reference.at("block.1.mlp.fc1_lif")), 1e-6);
  // Attention is priced from its query, key and value rates (energy/architecture.cpp: K^T V at the
  // lower of the key and value rates, Q (K^T V) at the query rate, the mean of the two).
  const double query = mean(reference.at("block.0.attn.q_lif")), key = mean(reference.at("block.0.attn.k_lif")),
               value = mean(reference.at("block.0.attn.v_lif"));
  EXPECT_NEAR(layer("block0.attention").input_rate, (std::min(key, value) + query) / 2, 1e-6);
  const CommandResult estimate = run_snn("energy " + architecture + " -o " + ::testing::TempDir() + "/spikformer_energy");
  EXPECT_EQ(estimate.status, 0) << estimate.output;
  EXPECT_NE(estimate.output.find("block1.fc2"), std::string::npos) << estimate.output;
}

// `snn run` of a layer model file: its outputs and per-layer counts in HDF5, then priced by snn energy.
TEST(Cli, RunWritesALayerModelsOutputsAndCountsToHdf5) {
  const std::string yaml = ::testing::TempDir() + "/spikformer_small.yaml", output = ::testing::TempDir() + "/spikformer_small.h5";
  std::ofstream(yaml) << "name: spikformer_small\n"
                      << "layer_model: {kind: spikformer, weights: " << source_path("tests/fixtures/spikformer_small.weights.safetensors")
                      << ", heads: 4, patch: 4, time_steps: 4}\n"
                      << "data: " << source_path("tests/fixtures/spikformer_small.io.safetensors") << "\n"
                      << "batch: 1\n";
  EXPECT_EQ(run_snn("validate " + yaml).status, 0);
  const CommandResult r = run_snn("run " + yaml + " --backend cpu --no-progress -o " + output);
  ASSERT_EQ(r.status, 0) << r.output;
  const LayerRunRecord run = read_layer_run(output);
  EXPECT_EQ(run.name, "spikformer_small");
  EXPECT_EQ(run.time_steps, 4);
  const auto reference = read_safetensors(source_path("tests/fixtures/spikformer_small.io.safetensors")).tensors;
  const Tensor& logits = reference.at("logits");
  ASSERT_EQ(run.logits.shape, logits.shape);
  for (int64_t e = 0; e < logits.size(); ++e) EXPECT_NEAR(run.logits.values[e], logits.values[e], 1e-4) << e;
  ASSERT_EQ(run.layers.size(), 5u + 7u * 2u);
  for (const LayerCountRecord& layer : run.layers) {
    const Tensor& spikes = reference.at(layer.name);
    double fired = 0;
    for (float v : spikes.values) fired += v;
    EXPECT_EQ(layer.spikes, static_cast<uint64_t>(fired)) << layer.name << ": the reference's spike count";
    EXPECT_EQ(layer.spike_values, static_cast<uint64_t>(spikes.size())) << layer.name;
    if (layer.name.find("attn_lif") == std::string::npos) {
      EXPECT_GT(layer.input_values, 0u) << layer.name;
    }
  }
  EXPECT_NE(run.energy_architecture.find("block1.fc2"), std::string::npos);
  const CommandResult info = run_snn("info " + output);
  EXPECT_NE(info.output.find("layer model run 'spikformer_small'"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("block.1.mlp.fc2_lif"), std::string::npos) << info.output;
  const CommandResult estimate = run_snn("energy " + output + " -o " + ::testing::TempDir() + "/spikformer_run_energy");
  EXPECT_EQ(estimate.status, 0) << estimate.output;
  EXPECT_NE(estimate.output.find("block0.attention"), std::string::npos) << estimate.output;

  // SpikeGPT on the token sequences of its fixture: the logits of every position and the spike counts
  // of its LIF layers, as the reference recorded them.
  std::ofstream(yaml) << "name: spikegpt_small\n"
                      << "layer_model: {kind: spike_gpt, weights: " << source_path("tests/fixtures/spikegpt_small.weights.safetensors")
                      << "}\ndata: " << source_path("tests/fixtures/spikegpt_small.io.safetensors") << "\n";
  const CommandResult gpt = run_snn("run " + yaml + " --backend cpu --no-progress -o " + output);
  ASSERT_EQ(gpt.status, 0) << gpt.output;
  const LayerRunRecord text_run = read_layer_run(output);
  const auto gpt_reference = read_safetensors(source_path("tests/fixtures/spikegpt_small.io.safetensors")).tensors;
  const Tensor& gpt_logits = gpt_reference.at("logits");
  ASSERT_EQ(text_run.logits.size(), gpt_logits.size());
  for (int64_t e = 0; e < gpt_logits.size(); ++e) EXPECT_NEAR(text_run.logits.values[e], gpt_logits.values[e], 1e-4) << e;
  ASSERT_EQ(text_run.layers.size(), 6u);  // two LIF layers in each of 3 blocks
  const Tensor& attention_spikes = gpt_reference.at("att_spikes");  // [layers, sequences, length, width]
  double block1 = 0;
  for (int64_t e = 0; e < attention_spikes.size() / 3; ++e) block1 += attention_spikes.values[attention_spikes.size() / 3 + e];
  EXPECT_EQ(text_run.layers[2].name, "blocks.1.lif1");
  EXPECT_EQ(text_run.layers[2].spikes, static_cast<uint64_t>(block1));
  EXPECT_EQ(run_snn("energy " + output + " -o " + ::testing::TempDir() + "/spikegpt_run_energy").status, 0);

  std::ofstream(yaml) << "name: broken\nlayer_model: {kind: spikformer, weights: w.safetensors, head: 4}\ndata: d.safetensors\n";
  const CommandResult broken = run_snn("run " + yaml + " --backend cpu");
  EXPECT_NE(broken.status, 0);
  EXPECT_NE(broken.output.find(yaml + ":2:"), std::string::npos) << broken.output;
  EXPECT_NE(broken.output.find("did you mean 'heads'"), std::string::npos) << broken.output;
}

}  // namespace
}  // namespace snn::testing

// SpikeGPT: the WKV recurrence against its explicit sum, the sequence and one-token forms against
// each other, the whole model against the reference implementation's outputs
// (tests/reference/spikegpt_reference.py ran SpikeGPT's own code on random weights), and the GPU's
// token-by-token model against the host's, bit for bit.
#include "models/spike_gpt.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <tuple>

#include "core/engine.hpp"
#include "models/safetensors.hpp"
#include "models/cuda/cuda_spike_gpt.hpp"
#include "test_support.hpp"

namespace snn {
namespace {

TEST(Wkv, RecurrenceEqualsTheExplicitWeightedAverage) {
  // wkv_t = (sum_{i<t} e^{(t-1-i) w + k_i} v_i + e^{u + k_t} v_t) / (sum_{i<t} e^{(t-1-i) w + k_i} + e^{u + k_t})
  const float w = -0.7f, u = 0.4f;
  const std::vector<float> k = {0.3f, -1.2f, 2.5f, 0.0f, 30.0f, -4.0f, 1.0f};  // 30: the scaling must hold
  const std::vector<float> v = {1.0f, -2.0f, 0.5f, 3.0f, -1.0f, 0.25f, 2.0f};
  WkvState state;
  for (size_t t = 0; t < k.size(); ++t) {
    double top = std::exp(static_cast<double>(u) + k[t]) * v[t], bottom = std::exp(static_cast<double>(u) + k[t]);
    for (size_t i = 0; i < t; ++i) {
      const double weight = std::exp(static_cast<double>(t - 1 - i) * w + k[i]);
      top += weight * v[i];
      bottom += weight;
    }
    EXPECT_NEAR(wkv_output(state, u, k[t], v[t]), top / bottom, 1e-5 * (1 + std::fabs(top / bottom))) << "token " << t;
    wkv_advance(state, w, k[t], v[t]);
  }
}

// A small model with random weights under the reference's names.
std::map<std::string, Tensor> random_spike_gpt(int64_t vocabulary, int64_t d, int layers, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::map<std::string, Tensor> t;
  auto add = [&](const std::string& name, TensorShape shape, float scale, float offset = 0.0f) {
    Tensor x(shape);
    for (float& value : x.values) value = offset + scale * normal(rng);
    t[name] = x;
  };
  const int64_t h = 4 * d;
  add("emb.weight", {vocabulary, d}, 1.0f);
  for (int i = 0; i < layers; ++i) {
    const std::string b = "blocks." + std::to_string(i);
    for (const char* ln : {".ln1", ".ln2", i == 0 ? ".ln0" : nullptr}) {
      if (ln == nullptr) continue;
      add(b + ln + ".weight", {d}, 0.1f, 1.0f);
      add(b + ln + ".bias", {d}, 0.1f);
    }
    add(b + ".att.time_decay", {d}, 1.0f);
    add(b + ".att.time_first", {d}, 0.5f);
    for (const char* mix : {".att.time_mix_k", ".att.time_mix_v", ".att.time_mix_r", ".ffn.time_mix_k", ".ffn.time_mix_r"})
      add(b + mix, {1, 1, d}, 0.2f, 0.5f);
    for (const char* m : {".att.key.weight", ".att.value.weight", ".att.receptance.weight", ".ffn.receptance.weight"})
      add(b + m, {d, d}, 1.0f / std::sqrt(static_cast<float>(d)));
    add(b + ".att.output.weight", {d, d}, 3.0f / std::sqrt(static_cast<float>(d)));
    add(b + ".ffn.key.weight", {h, d}, 1.0f / std::sqrt(static_cast<float>(d)));
    add(b + ".ffn.value.weight", {d, h}, 3.0f / std::sqrt(static_cast<float>(h)));
  }
  add("ln_out.weight", {d}, 0.1f, 1.0f);
  add("ln_out.bias", {d}, 0.1f);
  add("head.weight", {vocabulary, d}, 1.0f / std::sqrt(static_cast<float>(d)));
  return t;
}

TEST(SpikeGpt, SequenceAndTokenByTokenGiveTheSameBits) {
  const SpikeGptModel model = spike_gpt_from_tensors(random_spike_gpt(50, 24, 3, 7), "random");
  ASSERT_EQ(model.blocks.size(), 3u);
  std::vector<int32_t> tokens;
  std::mt19937 rng(11);
  for (int t = 0; t < 20; ++t) tokens.push_back(static_cast<int32_t>(rng() % 50));

  SpikeGptState whole = spike_gpt_start(model);
  SpikeGptActivity whole_activity;
  const Tensor all = spike_gpt_forward(model, tokens, whole, &whole_activity);
  ASSERT_EQ(all.shape, (TensorShape{20, 50}));

  SpikeGptState stepped = spike_gpt_start(model);
  SpikeGptActivity stepped_activity;
  for (int t = 0; t < 20; ++t) {
    const Tensor one = spike_gpt_forward(model, {tokens[t]}, stepped, &stepped_activity);
    for (int64_t c = 0; c < 50; ++c) ASSERT_EQ(one.values[c], all.values[t * 50 + c]) << "token " << t << " logit " << c;
  }
  EXPECT_EQ(stepped_activity.attention_spikes, whole_activity.attention_spikes);
  EXPECT_EQ(stepped_activity.feed_forward_spikes, whole_activity.feed_forward_spikes);
  // The LIF layers neither stay silent nor fire always, so the comparison covers spikes.
  double fired = 0;
  for (const auto& layer : whole_activity.attention_spikes)
    for (float s : layer) fired += s;
  const double rate = fired / (3.0 * 20 * 24);
  EXPECT_GT(rate, 0.02);
  EXPECT_LT(rate, 0.9);
}

TEST(SpikeGpt, WrongCheckpointsFailNamingTheTensors) {
  auto tensors = random_spike_gpt(10, 8, 2, 1);
  tensors.erase("blocks.1.att.output.weight");
  tensors["blocks.0.ffn.value.weight"] = Tensor({8, 16});
  tensors["blocks.0.ffnPre.key.weight"] = Tensor({32, 8});
  try {
    spike_gpt_from_tensors(tensors, "ckpt.safetensors");
    FAIL();
  } catch (const std::runtime_error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("missing tensor \"blocks.1.att.output.weight\" of shape [8, 8]"), std::string::npos) << m;
    EXPECT_NE(m.find("tensor \"blocks.0.ffn.value.weight\" has shape [8, 16], expected [8, 32]"), std::string::npos) << m;
    EXPECT_NE(m.find("unexpected tensor \"blocks.0.ffnPre.key.weight\""), std::string::npos) << m;
  }
  EXPECT_THROW(spike_gpt_from_tensors({{"head.weight", Tensor({4, 4})}}, "other.safetensors"), std::runtime_error);
  const SpikeGptModel model = spike_gpt_from_tensors(random_spike_gpt(10, 8, 1, 1), "ok");
  SpikeGptState state = spike_gpt_start(model);
  EXPECT_THROW(spike_gpt_forward(model, {3, 10}, state), std::out_of_range);
}

// The fixture: SpikeGPT's GPT (3 blocks, width 32, 77 tokens) on two sequences of 32 tokens.
TEST(SpikeGpt, MatchesTheReferenceImplementationSpikeForSpike) {
  const SpikeGptModel model = load_spike_gpt(testing::source_path("tests/fixtures/spikegpt_small.weights.safetensors"));
  const SafetensorsFile io = read_safetensors(testing::source_path("tests/fixtures/spikegpt_small.io.safetensors"));
  const Tensor& tokens = io.tensors.at("tokens");
  const Tensor& logits = io.tensors.at("logits");
  const Tensor& rnn_logits = io.tensors.at("rnn_logits");
  const int64_t batch = tokens.dim(0), length = tokens.dim(1), layers = model.blocks.size(), d = model.width;
  ASSERT_EQ(io.tensors.at("att_spikes").shape, (TensorShape{layers, batch, length, d}));
  double spikes = 0, largest_logit = 0, worst = 0;
  for (int64_t b = 0; b < batch; ++b) {
    std::vector<int32_t> sequence;
    for (int64_t t = 0; t < length; ++t) sequence.push_back(static_cast<int32_t>(tokens.values[b * length + t]));
    SpikeGptState state = spike_gpt_start(model);
    SpikeGptActivity activity;
    const Tensor ours = spike_gpt_forward(model, sequence, state, &activity);
    for (const char* kind : {"att", "ffn"}) {
      const Tensor& reference = io.tensors.at(std::string(kind) + "_spikes");
      const Tensor& inputs = io.tensors.at(std::string(kind) + "_inputs");
      for (int64_t l = 0; l < layers; ++l) {
        const auto& mine = kind[0] == 'a' ? activity.attention_spikes[l] : activity.feed_forward_spikes[l];
        for (int64_t e = 0; e < length * d; ++e) {
          const int64_t at = (l * batch + b) * length * d + e;
          ASSERT_EQ(mine[e], reference.values[at]) << kind << " layer " << l << " sequence " << b << " token " << e / d
                                                   << " channel " << e % d << " (reference LIF input " << inputs.values[at] << ")";
          spikes += mine[e];
        }
      }
    }
    for (int64_t e = 0; e < length * model.vocabulary; ++e) {
      const int64_t at = b * length * model.vocabulary + e;
      largest_logit = std::max(largest_logit, static_cast<double>(std::fabs(logits.values[at])));
      worst = std::max(worst, static_cast<double>(std::fabs(ours.values[e] - logits.values[at])));
      // The reference's RNN (one token at a time, its own arithmetic) agrees with both.
      EXPECT_NEAR(ours.values[e], rnn_logits.values[at], 1e-4 * (1 + std::fabs(rnn_logits.values[at]))) << e;
    }
  }
  EXPECT_LT(worst, 1e-4 * (1 + largest_logit)) << "largest |logit| " << largest_logit;
  EXPECT_GT(spikes, 0.02 * 2 * layers * batch * length * d);  // the fixture exercises the spikes
}

// The GPU model against the host model on the same tokens: logits and spikes, bit for bit.
void expect_gpu_equals_host(const SpikeGptModel& model, const std::vector<int32_t>& tokens) {
  SpikeGptState state = spike_gpt_start(model);
  SpikeGptActivity host_activity, gpu_activity;
  const Tensor host = spike_gpt_forward(model, tokens, state, &host_activity);
  CudaSpikeGpt gpu(model);
  for (int round = 0; round < 2; ++round) {  // reset() starts the sequence again
    gpu_activity = SpikeGptActivity{};
    for (size_t t = 0; t < tokens.size(); ++t) {
      const std::vector<float>& logits = gpu.step(tokens[t], &gpu_activity);
      for (int64_t c = 0; c < model.vocabulary; ++c)
        ASSERT_EQ(logits[c], host.values[t * model.vocabulary + c]) << "round " << round << " token " << t << " logit " << c;
    }
    EXPECT_EQ(gpu_activity.attention_spikes, host_activity.attention_spikes);
    EXPECT_EQ(gpu_activity.feed_forward_spikes, host_activity.feed_forward_spikes);
    gpu.reset();
  }
  // The sequence form for the first part (a prompt), then token by token from the state it leaves.
  const size_t prompt = tokens.size() / 2;
  SpikeGptActivity mixed;
  const Tensor first = gpu.forward(std::vector<int32_t>(tokens.begin(), tokens.begin() + prompt), &mixed);
  for (int64_t e = 0; e < first.size(); ++e) ASSERT_EQ(first.values[e], host.values[e]) << "sequence form, logit " << e;
  for (size_t t = prompt; t < tokens.size(); ++t) {
    const std::vector<float>& logits = gpu.step(tokens[t], &mixed);
    for (int64_t c = 0; c < model.vocabulary; ++c)
      ASSERT_EQ(logits[c], host.values[t * model.vocabulary + c]) << "after the sequence form, token " << t;
  }
  EXPECT_EQ(mixed.attention_spikes, host_activity.attention_spikes);
  EXPECT_EQ(mixed.feed_forward_spikes, host_activity.feed_forward_spikes);
}

TEST(CudaSpikeGpt, TokenByTokenAndSequenceFormsEqualTheHostModel) {
  std::string reason;
  if (!cuda_device_available(&reason)) GTEST_SKIP() << "CUDA layers not testable here: " << reason;
  std::mt19937 rng(5);
  for (auto [vocabulary, width, layers] : {std::tuple{50, 24, 3}, std::tuple{300, 96, 2}}) {
    const SpikeGptModel model = spike_gpt_from_tensors(random_spike_gpt(vocabulary, width, layers, 3), "random");
    std::vector<int32_t> tokens;
    for (int t = 0; t < 40; ++t) tokens.push_back(static_cast<int32_t>(rng() % vocabulary));
    SCOPED_TRACE("width " + std::to_string(width));
    expect_gpu_equals_host(model, tokens);
  }
  const SpikeGptModel fixture = load_spike_gpt(testing::source_path("tests/fixtures/spikegpt_small.weights.safetensors"));
  const Tensor tokens = read_safetensors(testing::source_path("tests/fixtures/spikegpt_small.io.safetensors")).tensors.at("tokens");
  expect_gpu_equals_host(fixture, std::vector<int32_t>(tokens.values.begin(), tokens.values.begin() + tokens.dim(1)));
  CudaSpikeGpt gpu(fixture);
  EXPECT_THROW(gpu.step(77), std::out_of_range);
  EXPECT_THROW(gpu.forward({1, 77}), std::out_of_range);
}

}  // namespace
}  // namespace snn

// Spikformer against the reference implementation's outputs (tests/reference/spikformer_reference.py
// ran the reference's own code on random weights): every LIF layer spike for spike, and the logits,
// on the host and on the GPU with either product.
#include "models/spikformer.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/engine.hpp"
#include "models/safetensors.hpp"
#include "models/cuda/cuda_spikformer.hpp"
#include "test_support.hpp"

namespace snn {
namespace {

SpikformerConfig fixture_config() {
  SpikformerConfig config;
  config.image_height = config.image_width = 16;
  config.patch_size = 4;
  config.heads = 4;
  config.time_steps = 4;
  return config;
}

const SafetensorsFile& reference_outputs() {
  static const SafetensorsFile io = read_safetensors(testing::source_path("tests/fixtures/spikformer_small.io.safetensors"));
  return io;
}

SpikformerModel fixture_model() {
  return load_spikformer(testing::source_path("tests/fixtures/spikformer_small.weights.safetensors"), fixture_config());
}

// Every LIF layer's spikes equal the reference's, and the logits agree to float rounding.
void expect_matches_reference(const SpikformerModel& model, const SpikformerActivity& activity, const Tensor& logits) {
  const SafetensorsFile& io = reference_outputs();
  const int64_t batch = io.tensors.at("images").dim(0);
  size_t layers = 0;
  double spikes = 0, elements = 0;
  for (const auto& [name, reference] : io.tensors) {
    if (name == "images" || name == "logits" || (name.size() > 6 && name.substr(name.size() - 6) == ".input")) continue;
    ASSERT_TRUE(activity.spikes.count(name)) << "no layer " << name;
    const std::vector<float>& ours = activity.spikes.at(name);
    ASSERT_EQ(static_cast<int64_t>(ours.size()), reference.size()) << name;
    const Tensor& input = io.tensors.at(name + ".input");
    // The reference lays spikes out as [T, B, C, H, W] in the stem and [T, B, N, C] in the blocks;
    // ours are [B, T, positions, C].
    const int64_t T = reference.dim(0), C = reference.shape.size() == 5 ? reference.dim(2) : reference.dim(3);
    const int64_t positions = reference.size() / (T * batch * C);
    for (int64_t t = 0; t < T; ++t)
      for (int64_t b = 0; b < batch; ++b)
        for (int64_t p = 0; p < positions; ++p)
          for (int64_t c = 0; c < C; ++c) {
            const int64_t at = reference.shape.size() == 5 ? ((t * batch + b) * C + c) * positions + p
                                                            : ((t * batch + b) * positions + p) * C + c;
            const float mine = ours[((b * T + t) * positions + p) * C + c];
            ASSERT_EQ(mine, reference.values[at]) << name << " step " << t << " image " << b << " position " << p
                                                  << " channel " << c << " (reference LIF input " << input.values[at] << ")";
            spikes += mine;
            elements += 1;
          }
    ++layers;
  }
  EXPECT_EQ(layers, 5u + 7u * model.blocks.size());  // 4 stem stages, position, and 7 LIF layers a block
  EXPECT_GT(spikes / elements, 0.1);  // the fixture exercises the spikes
  const Tensor& expected = io.tensors.at("logits");
  for (int64_t e = 0; e < expected.size(); ++e)
    EXPECT_NEAR(logits.values[e], expected.values[e], 1e-4 * (1 + std::fabs(expected.values[e]))) << e;
}

TEST(Spikformer, MatchesTheReferenceImplementationSpikeForSpike) {
  const SpikformerModel model = fixture_model();
  ASSERT_EQ(model.stem.size(), 4u);
  EXPECT_EQ(model.stem_pools, (std::vector<bool>{false, false, true, true}));  // patch 4: the last two stages pool
  SpikformerActivity activity;
  const Tensor logits = spikformer_forward(model, reference_outputs().tensors.at("images"), &activity);
  expect_matches_reference(model, activity, logits);
}

// The GPU's three products for spike inputs (float32 cuBLAS, split-bfloat16 tensor cores, gathered
// spikes) all reproduce the reference; in auto mode the first batch uses the tensor cores and the next
// takes the sparse product where the measured input rate is below the threshold.
TEST(CudaSpikformer, EveryProductMatchesTheReference) {
  std::string reason;
  if (!cuda_device_available(&reason)) GTEST_SKIP() << "CUDA layers not testable here: " << reason;
  const SpikformerModel model = fixture_model();
  const Tensor& images = reference_outputs().tensors.at("images");
  SpikformerActivity host;
  spikformer_forward(model, images, &host);
  for (SpikeProductPath path : {SpikeProductPath::kDense, SpikeProductPath::kTensor, SpikeProductPath::kSparse}) {
    CudaSpikformer gpu(model, images.dim(0), path);
    SpikformerActivity activity;
    const Tensor logits = gpu.forward(images, &activity);
    SCOPED_TRACE(path == SpikeProductPath::kDense ? "dense" : path == SpikeProductPath::kTensor ? "tensor" : "sparse");
    expect_matches_reference(model, activity, logits);
    // The counts the energy estimator takes its rates from are the host's.
    ASSERT_EQ(activity.outputs.size(), host.outputs.size());
    for (const auto& [name, count] : host.outputs) {
      EXPECT_EQ(activity.outputs.at(name).nonzero, count.nonzero) << name;
      EXPECT_EQ(activity.outputs.at(name).total, count.total) << name;
    }
    ASSERT_EQ(activity.product_inputs.size(), host.product_inputs.size());
    for (const auto& [name, count] : host.product_inputs) {
      EXPECT_EQ(activity.product_inputs.at(name).nonzero, count.nonzero) << name;
      EXPECT_EQ(activity.product_inputs.at(name).total, count.total) << name;
    }
    for (const auto& layer : gpu.layer_reports()) {
      EXPECT_GT(layer.input_rate, 0.0) << layer.name;
      EXPECT_LE(layer.input_rate, 1.0) << layer.name;
      EXPECT_EQ(layer.path, layer.name == "patch_embed.proj_lif" ? SpikeProductPath::kDense : path) << layer.name;
    }
  }
  CudaSpikformer automatic(model, images.dim(0), SpikeProductPath::kAuto, 0.3);
  automatic.forward(images);
  const std::vector<CudaSpikformer::LayerReport> first = automatic.layer_reports();
  for (size_t l = 1; l < first.size(); ++l) EXPECT_EQ(first[l].path, SpikeProductPath::kTensor) << first[l].name;
  SpikformerActivity activity;
  const Tensor logits = automatic.forward(images, &activity);
  expect_matches_reference(model, activity, logits);
  const std::vector<CudaSpikformer::LayerReport> second = automatic.layer_reports();
  size_t sparse = 0;
  for (size_t l = 1; l < second.size(); ++l) {
    EXPECT_EQ(second[l].path, first[l].input_rate < 0.3 ? SpikeProductPath::kSparse : SpikeProductPath::kTensor)
        << second[l].name;
    EXPECT_EQ(second[l].input_rate, first[l].input_rate) << "the same images, the same rates";
    sparse += second[l].path == SpikeProductPath::kSparse;
  }
  EXPECT_GT(sparse, 0u);
  EXPECT_LT(sparse, second.size() - 1);
}

TEST(Spikformer, ConfigurationsThatDoNotFitTheWeightsFail) {
  const auto tensors = read_safetensors(testing::source_path("tests/fixtures/spikformer_small.weights.safetensors")).tensors;
  SpikformerConfig config = fixture_config();
  config.heads = 5;
  EXPECT_THROW(spikformer_from_tensors(tensors, config, "w"), std::runtime_error);
  config = fixture_config();
  config.patch_size = 32;  // five max-pools, the stem has four stages
  EXPECT_THROW(spikformer_from_tensors(tensors, config, "w"), std::runtime_error);
  auto changed = tensors;
  changed.erase("block.1.mlp.fc2_bn.running_var");
  changed["block.0.attn.q_linear.weight"] = Tensor({32, 16});
  try {
    spikformer_from_tensors(changed, fixture_config(), "w.safetensors");
    FAIL();
  } catch (const std::runtime_error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("missing tensor \"block.1.mlp.fc2_bn.running_var\""), std::string::npos) << m;
    EXPECT_NE(m.find("tensor \"block.0.attn.q_linear.weight\" has shape [32, 16], expected [32, 32]"), std::string::npos) << m;
  }
  const SpikformerModel model = spikformer_from_tensors(tensors, fixture_config(), "w");
  EXPECT_THROW(spikformer_forward(model, Tensor({1, 3, 32, 32})), std::invalid_argument);
}

}  // namespace
}  // namespace snn

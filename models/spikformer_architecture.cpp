#include "models/spikformer_architecture.hpp"

#include <sstream>
#include <stdexcept>

namespace snn {
namespace {

double rate_of(const std::map<std::string, NonzeroCount>& counts, const std::string& layer) {
  auto it = counts.find(layer);
  if (it == counts.end() || it->second.total == 0)
    throw std::runtime_error("no rate was measured for " + layer + " (run the model on data first)");
  return it->second.rate();
}

}  // namespace

std::string spikformer_energy_architecture(const SpikformerModel& model, const SpikformerActivity& measured,
                                           const std::string& name) {
  const SpikformerConfig& c = model.config;
  std::ostringstream yaml;
  yaml.precision(9);
  yaml << "# " << name << ": the architecture of a Spikformer with the firing rates measured by snn classify\n"
       << "name: \"" << name << "\"\n"
       << "time_steps: " << c.time_steps << "\n"
       << "snn: {weights: fp32, state: fp32}\n"
       << "baselines: [fp32, fp16, int8, int4, binary]\n"
       << "layers:\n";
  int64_t height = c.image_height, width = c.image_width, in = model.channels;
  for (size_t s = 0; s < model.stem.size(); ++s) {
    const std::string lif = "patch_embed.proj_lif" + (s == 0 ? std::string() : std::to_string(s));
    const int64_t out = model.stem[s].weight.dim(0);
    yaml << "  - {name: stem.conv" << s << ", type: conv, input: [" << height << ", " << width << ", " << in
         << "], out_channels: " << out << ", kernel: 3, padding: 1, bias: true, ";
    if (s == 0) yaml << "analog_input: true}\n";  // pixels: multiply-accumulates at every step
    else yaml << "rate: " << rate_of(measured.product_inputs, lif) << "}\n";
    if (model.stem_pools[s]) height = (height + 1) / 2, width = (width + 1) / 2;
    in = out;
  }
  yaml << "  - {name: stem.rpe, type: conv, input: [" << height << ", " << width << ", " << in << "], out_channels: "
       << model.width << ", kernel: 3, padding: 1, bias: true, rate: " << rate_of(measured.product_inputs, "patch_embed.rpe_lif")
       << "}\n";
  const int64_t tokens = height * width, d = model.width;
  auto fc = [&](const std::string& layer, int64_t inputs, int64_t outputs, const std::string& lif) {
    yaml << "  - {name: " << layer << ", type: fc, tokens: " << tokens << ", inputs: " << inputs << ", outputs: " << outputs
         << ", bias: true, rate: " << rate_of(measured.product_inputs, lif) << "}\n";
  };
  for (size_t i = 0; i < model.blocks.size(); ++i) {
    const std::string b = "block." + std::to_string(i), layer = "block" + std::to_string(i);
    fc(layer + ".q", d, d, b + ".attn.q_lif");
    fc(layer + ".k", d, d, b + ".attn.k_lif");
    fc(layer + ".v", d, d, b + ".attn.v_lif");
    yaml << "  - {name: " << layer << ".attention, type: attention, tokens: " << tokens << ", dim: " << d
         << ", heads: " << c.heads << ", rates: {query: " << rate_of(measured.outputs, b + ".attn.q_lif")
         << ", key: " << rate_of(measured.outputs, b + ".attn.k_lif") << ", value: " << rate_of(measured.outputs, b + ".attn.v_lif")
         << "}}\n";
    fc(layer + ".proj", d, d, b + ".attn.proj_lif");
    fc(layer + ".fc1", d, model.hidden, b + ".mlp.fc1_lif");
    fc(layer + ".fc2", model.hidden, d, b + ".mlp.fc2_lif");
  }
  yaml << "  # The classifier reads the output averaged over the time steps: one evaluation on analog values.\n"
       << "  - {name: head, type: fc, inputs: " << d << ", outputs: " << model.classes
       << ", bias: true, analog_input: true, time_steps: 1}\n";
  return yaml.str();
}

}  // namespace snn

#include "models/spike_gpt_architecture.hpp"

#include <sstream>

namespace snn {
namespace {

double mean(const std::vector<float>& spikes) {
  double sum = 0;
  for (float s : spikes) sum += s;
  return spikes.empty() ? 0.0 : sum / static_cast<double>(spikes.size());
}

}  // namespace

std::string spike_gpt_energy_architecture(const SpikeGptModel& model, const SpikeGptActivity& measured,
                                          const std::string& name) {
  const int64_t d = model.width, h = model.hidden;
  std::ostringstream yaml;
  yaml.precision(6);
  yaml << "# " << name << ": a SpikeGPT model per token (" << measured.tokens << " tokens measured).\n"
       << "# Every projection reads analog values (layer-norm outputs), so it multiplies and accumulates;\n"
       << "# the LIF layers' spikes only enter the residual stream.\n"
       << "name: \"" << name << "\"\n"
       << "time_steps: 1\n"
       << "snn: {weights: fp32, state: fp32}\n"
       << "baselines: [fp32, fp16, int8, int4, binary]\n"
       << "layers:\n";
  auto fc = [&](const std::string& layer, int64_t inputs, int64_t outputs) {
    yaml << "  - {name: " << layer << ", type: fc, inputs: " << inputs << ", outputs: " << outputs << ", analog_input: true}\n";
  };
  for (size_t i = 0; i < model.blocks.size(); ++i) {
    const std::string b = "block" + std::to_string(i);
    const double attention = i < measured.attention_spikes.size() ? mean(measured.attention_spikes[i]) : 0.0;
    const double feed_forward = i < measured.feed_forward_spikes.size() ? mean(measured.feed_forward_spikes[i]) : 0.0;
    yaml << "  # " << b << ": LIF firing rates " << attention << " (after the time mix), " << feed_forward
         << " (after the channel mix)\n";
    fc(b + ".att.key", d, d);
    fc(b + ".att.value", d, d);
    fc(b + ".att.receptance", d, d);
    fc(b + ".att.output", d, d);
    fc(b + ".ffn.key", d, h);
    fc(b + ".ffn.receptance", d, d);
    fc(b + ".ffn.value", h, d);
  }
  fc("head", d, model.vocabulary);
  return yaml.str();
}

}  // namespace snn

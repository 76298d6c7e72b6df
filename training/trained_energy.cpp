#include "training/trained_energy.hpp"

#include <sstream>

#include "training/conv2d_layer.hpp"
#include "training/linear_layer.hpp"

namespace snn::training {

std::string trained_energy_architecture(const ClassificationTrainer& trainer, const std::vector<double>& rates, int64_t time_steps,
                                        const std::string& label) {
  const auto& layers = trainer.layers().layers();
  std::ostringstream yaml;
  yaml.precision(9);
  yaml << "# " << label << ": a classifier trained by snn train, with the input rates measured on its test set\n"
       << "name: \"" << label << "\"\n"
       << "time_steps: " << (time_steps > 0 ? time_steps : trainer.spec().time_steps) << "\n"
       << "snn: {weights: fp32, state: fp32}\n"
       << "baselines: [fp32, fp16, int8, int4, binary]\n"
       << "layers:\n";
  for (size_t k = 0; k < layers.size(); ++k) {
    const bool analog = k == 0 && trainer.spec().encoding == "direct";
    const std::string rate = analog ? "analog_input: true" : "rate: " + std::to_string(k < rates.size() ? rates[k] : 0.0);
    if (const auto* linear = dynamic_cast<const LinearLayer<float>*>(layers[k].get())) {
      yaml << "  - {name: \"" << k << "\", type: fc, inputs: " << linear->inputs() << ", outputs: " << linear->outputs()
           << (linear->has_bias() ? ", bias: true" : "") << ", " << rate << "}\n";
    } else if (const auto* conv = dynamic_cast<const Conv2dLayer<float>*>(layers[k].get())) {
      const ImageShape in = conv->input_shape();
      yaml << "  - {name: \"" << k << "\", type: conv, input: [" << in.height << ", " << in.width << ", " << in.channels
           << "], out_channels: " << conv->output_shape().channels << ", kernel: " << conv->kernel() << ", stride: " << conv->stride()
           << ", padding: " << conv->padding() << ", bias: true, " << rate << "}\n";
    }
  }
  return yaml.str();
}

}  // namespace snn::training

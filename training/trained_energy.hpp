#pragma once
// A trained classifier as the energy estimator reads it (the architecture YAML of docs/energy.md):
// every linear and convolution layer with its input's firing rate measured on the test set (spikes
// per input and step; the first layer's input is analog under direct coding), time_steps the steps
// the SNN runs (fewer under Dynamic Confidence), baselines the FP32 to binary ANNs of the same layers.
#include <string>
#include <vector>

#include "training/classification_training.hpp"

namespace snn::training {

// `rates`: trainer.test_input_rates() (measured once for every pricing); `time_steps`: the steps to
// price (0: the training's); `label` names the architecture.
std::string trained_energy_architecture(const ClassificationTrainer& trainer, const std::vector<double>& rates, int64_t time_steps,
                                        const std::string& label);

}  // namespace snn::training

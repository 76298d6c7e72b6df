#pragma once
// Dynamic Confidence (Li et al. 2023, "Unleashing the potential of spiking neural networks by Dynamic
// Confidence"): a classifier's output decoded at every time step, inference stopped for each sample at
// the first step whose confidence reaches a threshold. Confidence here is the largest softmax
// probability of the output's spike counts so far (the logits the count loss trains). Reported against
// fixed-T inference (every sample run for t steps) and the oracle the paper defines: each sample
// stopped at the first step from which its prediction is correct and stays correct to the last step
// (wrong samples run all steps).
#include <vector>

#include "training/sequence.hpp"

namespace snn::training {

struct ConfidencePoint {
  double threshold = 0, accuracy = 0, mean_steps = 0;
};

struct DynamicConfidenceReport {
  std::vector<ConfidencePoint> dynamic;      // per threshold
  std::vector<double> fixed_accuracy;        // [t - 1]: accuracy with every sample run for t steps
  double oracle_accuracy = 0, oracle_mean_steps = 0;
};

// `outputs` [steps, samples, classes]: the last layer's spikes per step.
DynamicConfidenceReport dynamic_confidence(const Sequence<float>& outputs, const std::vector<int>& labels,
                                           const std::vector<double>& thresholds);

}  // namespace snn::training

#include "training/dynamic_confidence.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace snn::training {
namespace {

struct Decoded {
  int prediction = 0;
  double confidence = 0;
};

// The class with the most spikes so far (the first among equals, as the count loss predicts) and the
// largest softmax probability of the counts.
Decoded decode(const std::vector<double>& counts) {
  Decoded d;
  const double top = *std::max_element(counts.begin(), counts.end());
  d.prediction = static_cast<int>(std::max_element(counts.begin(), counts.end()) - counts.begin());
  double sum = 0;
  for (double c : counts) sum += std::exp(c - top);
  d.confidence = 1.0 / sum;
  return d;
}

}  // namespace

DynamicConfidenceReport dynamic_confidence(const Sequence<float>& outputs, const std::vector<int>& labels,
                                           const std::vector<double>& thresholds) {
  const int64_t steps = outputs.steps, samples = outputs.batch, classes = outputs.width;
  if (static_cast<int64_t>(labels.size()) != samples) throw std::invalid_argument("one label per sample is needed");
  // Each sample's decoding after every step.
  std::vector<std::vector<Decoded>> decoded(static_cast<size_t>(samples), std::vector<Decoded>(static_cast<size_t>(steps)));
  std::vector<double> counts(static_cast<size_t>(classes));
  for (int64_t b = 0; b < samples; ++b) {
    std::fill(counts.begin(), counts.end(), 0.0);
    for (int64_t t = 0; t < steps; ++t) {
      for (int64_t c = 0; c < classes; ++c) counts[c] += outputs.at(t, b)[c];
      decoded[b][t] = decode(counts);
    }
  }
  DynamicConfidenceReport report;
  for (int64_t t = 0; t < steps; ++t) {
    double correct = 0;
    for (int64_t b = 0; b < samples; ++b) correct += decoded[b][t].prediction == labels[b];
    report.fixed_accuracy.push_back(correct / samples);
  }
  for (double threshold : thresholds) {
    double correct = 0, used = 0;
    for (int64_t b = 0; b < samples; ++b) {
      int64_t stop = steps - 1;
      for (int64_t t = 0; t < steps; ++t)
        if (decoded[b][t].confidence >= threshold) {
          stop = t;
          break;
        }
      correct += decoded[b][stop].prediction == labels[b];
      used += static_cast<double>(stop + 1);
    }
    report.dynamic.push_back({threshold, correct / samples, used / samples});
  }
  double correct = 0, used = 0;
  for (int64_t b = 0; b < samples; ++b) {
    int64_t stable = steps;  // the first step from which the prediction stays correct
    for (int64_t t = steps - 1; t >= 0 && decoded[b][t].prediction == labels[b]; --t) stable = t;
    correct += stable < steps;
    used += static_cast<double>(stable < steps ? stable + 1 : steps);
  }
  report.oracle_accuracy = correct / samples;
  report.oracle_mean_steps = used / samples;
  return report;
}

}  // namespace snn::training

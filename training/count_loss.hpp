#pragma once
// The classification losses: the output layer's spikes summed over the steps (snnTorch's
// ce_count_loss), or a non-spiking output layer's potential averaged over the steps (the membrane
// loss: mean_over_steps), are the logits of a softmax cross-entropy, averaged over the batch. Writes
// the loss's gradient with respect to every step's output (the same at every step) and each
// sample's class.
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "training/sequence.hpp"

namespace snn::training {

template <typename Real>
Real count_cross_entropy(const Sequence<Real>& output, const std::vector<int>& labels, Sequence<Real>* gradient = nullptr,
                         std::vector<int>* predicted = nullptr, bool mean_over_steps = false) {
  const Real per_step = mean_over_steps ? Real(1) / static_cast<Real>(output.steps) : Real(1);
  if (static_cast<int64_t>(labels.size()) != output.batch) throw std::invalid_argument("one label per sample is needed");
  if (gradient != nullptr) *gradient = Sequence<Real>(output.steps, output.batch, output.width);
  if (predicted != nullptr) predicted->assign(labels.size(), 0);
  double total = 0;
  std::vector<Real> counts(static_cast<size_t>(output.width)), probability(counts.size());
  for (int64_t b = 0; b < output.batch; ++b) {
    std::fill(counts.begin(), counts.end(), Real(0));
    for (int64_t t = 0; t < output.steps; ++t)
      for (int64_t c = 0; c < output.width; ++c) counts[c] += output.at(t, b)[c] * per_step;
    const int label = labels[b];
    if (label < 0 || label >= output.width) throw std::invalid_argument("label " + std::to_string(label) + " outside the output's classes");
    Real largest = counts[0];
    int best = 0;
    for (int64_t c = 1; c < output.width; ++c)
      if (counts[c] > largest) largest = counts[c], best = static_cast<int>(c);
    Real sum = 0;
    for (int64_t c = 0; c < output.width; ++c) sum += probability[c] = std::exp(counts[c] - largest);
    for (Real& p : probability) p /= sum;
    total -= std::log(std::max(probability[label], Real(1e-30)));
    if (predicted != nullptr) (*predicted)[b] = best;
    if (gradient != nullptr)
      for (int64_t t = 0; t < output.steps; ++t)
        for (int64_t c = 0; c < output.width; ++c)
          gradient->at(t, b)[c] = (probability[c] - (c == label ? Real(1) : Real(0))) * per_step / static_cast<Real>(output.batch);
  }
  return static_cast<Real>(total / static_cast<double>(output.batch));
}

}  // namespace snn::training

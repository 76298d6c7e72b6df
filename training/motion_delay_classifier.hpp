#pragma once
// The layer of spiking neurons with heterogeneous delays of Grimaldi & Perrinet (2023), "Learning
// heterogeneous delays in a layer of spiking neurons for fast motion detection". For every class c
// (a direction of motion) a kernel of weights over (polarity, delay, kernel row, kernel column) is
// applied at every position and time of an event movie A (encoders/motion_cloud.hpp):
//   B(c, t, y, x) = b_c + sum_{p, d, ky, kx} K(c, p, d, ky, kx) A(p, t - d, y + ky, x + kx)
// for every time t with a full window of delays (t >= D - 1) and every position the kernel fits: each
// synapse from input (p, y + ky, x + kx) to neuron (c, y, x) has weight K and delay d. As in the paper,
// the kernel is also applied with the polarities swapped and the larger sum kept (a complex cell: an
// edge's motion does not depend on its contrast's sign); without it no linear read-out could tell
// directions apart, since a drifting texture makes every event as likely whatever its direction.
// Each B is the evidence (logit) of a time-invariant logistic regression, "the motion here and now is
// c", trained by binary cross-entropy against the movie's label at every position and time. The
// layer is evaluated event by event: each event adds its weights to the outputs it reaches, so the
// work follows the events and the weights kept (pruning removes weights and the work with them).
#include <cstdint>
#include <vector>

#include "encoders/motion_cloud.hpp"

namespace snn::training {

class MotionDelayClassifier {
 public:
  MotionDelayClassifier(uint32_t classes, uint32_t delays, uint32_t kernel);

  uint32_t classes() const { return classes_; }
  uint32_t delays() const { return delays_; }
  uint32_t kernel() const { return kernel_; }

  // The weights, [polarity, delay, kernel row, kernel column, class] (the class innermost, so that an
  // event adds one contiguous row per window position), and the biases [class].
  std::vector<float>& weights() { return weights_; }
  const std::vector<float>& weights() const { return weights_; }
  std::vector<float>& bias() { return bias_; }
  const std::vector<float>& bias() const { return bias_; }
  size_t weight_index(uint32_t polarity, uint32_t delay, uint32_t ky, uint32_t kx, uint32_t c) const {
    return (((size_t(polarity) * delays_ + delay) * kernel_ + ky) * kernel_ + kx) * classes_ + c;
  }

  // The output grid for a movie: times t >= D - 1 (as t - D + 1), rows and columns the kernel fits.
  struct Grid {
    uint32_t frames = 0, height = 0, width = 0;
    size_t size() const { return size_t(frames) * height * width; }
  };
  Grid grid(const EventMovie& movie) const;

  // The evidence B, [time, row, column, class] over the grid, each sum over the movie's events in
  // ascending order.
  std::vector<float> evidence(const EventMovie& movie) const;
  // B without the bias as a network of delta synapses forms it: each weight rounded to the engine's
  // fixed point (core/foundation/fixed_point.hpp) and summed exactly, the larger of the two polarity
  // assignments kept; "B >= 0" is then "this >= -b_c", decided as neurons of threshold -b_c decide it.
  std::vector<float> engine_sums(const EventMovie& movie) const;

  // Adds into `weight_gradient` and `bias_gradient` the gradient of the movie's mean binary
  // cross-entropy (every output against "the class is `label`"); returns that loss.
  double add_gradient(const EventMovie& movie, uint32_t label, std::vector<double>& weight_gradient,
                      std::vector<double>& bias_gradient) const;

  // The class decided at each time of the grid: the largest evidence averaged over the positions (the
  // paper's read-out: the evidences of independent positions add up).
  std::vector<uint32_t> decisions(const std::vector<float>& evidence, const Grid& grid) const;

  // Sets all but the `keep` fraction of the weights with the largest magnitude to zero (ties kept in
  // index order); returns the number kept.
  size_t prune(double keep);
  // Zeroes the weights of delays `delays` and beyond (the paper's "shortening").
  void shorten(uint32_t delays);
  size_t nonzero_weights() const;

 private:
  uint32_t classes_, delays_, kernel_;
  std::vector<float> weights_, bias_;
};

}  // namespace snn::training

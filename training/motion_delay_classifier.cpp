#include "training/motion_delay_classifier.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "core/foundation/fixed_point.hpp"

namespace snn::training {
namespace {

// Calls visit(output cell, weight row) for every output that event `e` of `movie` reaches: the cell's
// index (its first class) in the [time, row, column, class] grid and the weights' row for it.
template <typename Visit>
void for_each_reach(const MotionDelayClassifier& layer, const MotionDelayClassifier::Grid& grid, const EventMovie& movie,
                    int32_t e, Visit&& visit) {
  const size_t plane = size_t(movie.height) * movie.width;
  const uint32_t polarity = static_cast<uint32_t>(e / (plane * movie.frames));
  const size_t rest = e % (plane * movie.frames);
  const uint32_t frame = static_cast<uint32_t>(rest / plane), y0 = static_cast<uint32_t>(rest % plane / movie.width),
                 x0 = static_cast<uint32_t>(rest % movie.width);
  const uint32_t classes = layer.classes(), k = layer.kernel();
  for (uint32_t d = 0; d < layer.delays(); ++d) {
    const uint32_t t = frame + d;  // the event reaches time t through delay d
    if (t + 1 < layer.delays() || t >= movie.frames) continue;
    const uint32_t out_t = t + 1 - layer.delays();
    for (uint32_t ky = 0; ky < k && ky <= y0; ++ky) {
      const uint32_t y = y0 - ky;
      if (y >= grid.height) continue;
      for (uint32_t kx = 0; kx < k && kx <= x0; ++kx) {
        const uint32_t x = x0 - kx;
        if (x >= grid.width) continue;
        visit(((size_t(out_t) * grid.height + y) * grid.width + x) * classes, layer.weight_index(polarity, d, ky, kx, 0));
      }
    }
  }
}

}  // namespace

MotionDelayClassifier::MotionDelayClassifier(uint32_t classes, uint32_t delays, uint32_t kernel)
    : classes_(classes), delays_(delays), kernel_(kernel) {
  if (classes < 2 || delays < 1 || kernel < 1)
    throw std::invalid_argument("a delay layer needs at least 2 classes, 1 delay and a kernel of 1 (got " + std::to_string(classes) +
                                ", " + std::to_string(delays) + ", " + std::to_string(kernel) + ")");
  weights_.assign(size_t(2) * delays * kernel * kernel * classes, 0.0f);  // logistic regression is convex: zero is a fine start
  bias_.assign(classes, 0.0f);
}

MotionDelayClassifier::Grid MotionDelayClassifier::grid(const EventMovie& movie) const {
  if (movie.frames < delays_ || movie.height < kernel_ || movie.width < kernel_)
    throw std::invalid_argument("a movie of " + std::to_string(movie.frames) + " frames of " + std::to_string(movie.height) + "x" +
                                std::to_string(movie.width) + " is smaller than the layer's window (" + std::to_string(delays_) +
                                " delays, kernel " + std::to_string(kernel_) + ")");
  return {movie.frames - delays_ + 1, movie.height - kernel_ + 1, movie.width - kernel_ + 1};
}

namespace {

// Both sums of every output, [grid, class] each: the kernel as it is (direct) and with the polarities
// swapped, in `Sum` (float, or the engine's fixed point), over the events in ascending order.
template <typename Sum, typename Convert>
void branch_sums(const MotionDelayClassifier& layer, const EventMovie& movie, std::vector<Sum>& direct, std::vector<Sum>& swapped,
                 Convert convert) {
  const MotionDelayClassifier::Grid g = layer.grid(movie);
  const uint32_t classes = layer.classes();
  direct.assign(g.size() * classes, Sum(0));
  swapped.assign(g.size() * classes, Sum(0));
  const size_t other = layer.weight_index(1, 0, 0, 0, 0);  // from a polarity's row to the other's
  const std::vector<float>& w = layer.weights();
  for (int32_t e : movie.events) {
    const bool on = static_cast<size_t>(e) < movie.active.size() / 2;
    for_each_reach(layer, g, movie, e, [&](size_t cell, size_t row) {
      const size_t flipped = on ? row + other : row - other;
      for (uint32_t c = 0; c < classes; ++c) {
        direct[cell + c] += convert(w[row + c]);
        swapped[cell + c] += convert(w[flipped + c]);
      }
    });
  }
}

}  // namespace

std::vector<float> MotionDelayClassifier::evidence(const EventMovie& movie) const {
  std::vector<float> direct, swapped;
  branch_sums(*this, movie, direct, swapped, [](float w) { return w; });
  for (size_t i = 0; i < direct.size(); ++i) direct[i] = std::max(direct[i], swapped[i]) + bias_[i % classes_];
  return direct;
}

std::vector<float> MotionDelayClassifier::engine_sums(const EventMovie& movie) const {
  std::vector<int64_t> direct, swapped;
  branch_sums(*this, movie, direct, swapped, [](float w) { return to_fixed_point(w); });
  std::vector<float> out(direct.size());
  for (size_t i = 0; i < out.size(); ++i) out[i] = std::max(from_fixed_point(direct[i]), from_fixed_point(swapped[i]));
  return out;
}

double MotionDelayClassifier::add_gradient(const EventMovie& movie, uint32_t label, std::vector<double>& weight_gradient,
                                           std::vector<double>& bias_gradient) const {
  const Grid g = grid(movie);
  std::vector<float> direct, swapped;
  branch_sums(*this, movie, direct, swapped, [](float w) { return w; });
  // d(mean BCE)/dB = (sigmoid(B) - target) / outputs, through the branch that won; the loss,
  // softplus(B) - target B, kept stable.
  const double outputs = static_cast<double>(direct.size());
  double loss = 0.0;
  std::vector<double> error(direct.size());
  std::vector<uint8_t> swapped_won(direct.size());
  for (size_t i = 0; i < direct.size(); ++i) {
    swapped_won[i] = swapped[i] > direct[i];
    const double z = std::max(direct[i], swapped[i]) + bias_[i % classes_], target = (i % classes_) == label ? 1.0 : 0.0;
    loss += std::max(z, 0.0) + std::log1p(std::exp(-std::fabs(z))) - target * z;
    error[i] = (1.0 / (1.0 + std::exp(-z)) - target) / outputs;
  }
  for (size_t cell = 0; cell < error.size(); cell += classes_)
    for (uint32_t c = 0; c < classes_; ++c) bias_gradient[c] += error[cell + c];
  const size_t other = weight_index(1, 0, 0, 0, 0);
  for (int32_t e : movie.events) {
    const bool on = static_cast<size_t>(e) < movie.active.size() / 2;
    for_each_reach(*this, g, movie, e, [&](size_t cell, size_t row) {
      const size_t flipped = on ? row + other : row - other;
      for (uint32_t c = 0; c < classes_; ++c) weight_gradient[(swapped_won[cell + c] ? flipped : row) + c] += error[cell + c];
    });
  }
  return loss / outputs;
}

std::vector<uint32_t> MotionDelayClassifier::decisions(const std::vector<float>& evidence, const Grid& grid) const {
  std::vector<uint32_t> out(grid.frames);
  const size_t positions = size_t(grid.height) * grid.width;
  for (uint32_t t = 0; t < grid.frames; ++t) {
    std::vector<double> mean(classes_, 0.0);
    for (size_t p = 0; p < positions; ++p)
      for (uint32_t c = 0; c < classes_; ++c) mean[c] += evidence[(t * positions + p) * classes_ + c];
    out[t] = static_cast<uint32_t>(std::max_element(mean.begin(), mean.end()) - mean.begin());
  }
  return out;
}

size_t MotionDelayClassifier::prune(double keep) {
  const size_t kept = static_cast<size_t>(std::llround(std::clamp(keep, 0.0, 1.0) * static_cast<double>(weights_.size())));
  std::vector<size_t> order(weights_.size());
  std::iota(order.begin(), order.end(), size_t(0));
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return std::fabs(weights_[a]) > std::fabs(weights_[b]); });
  for (size_t i = kept; i < order.size(); ++i) weights_[order[i]] = 0.0f;
  return nonzero_weights();
}

void MotionDelayClassifier::shorten(uint32_t delays) {
  for (uint32_t p = 0; p < 2; ++p)
    for (uint32_t d = delays; d < delays_; ++d)
      std::fill_n(weights_.begin() + weight_index(p, d, 0, 0, 0), size_t(kernel_) * kernel_ * classes_, 0.0f);
}

size_t MotionDelayClassifier::nonzero_weights() const {
  return static_cast<size_t>(std::count_if(weights_.begin(), weights_.end(), [](float w) { return w != 0.0f; }));
}

}  // namespace snn::training

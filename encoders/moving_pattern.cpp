#include "encoders/moving_pattern.hpp"

#include <algorithm>
#include <cmath>

namespace snn {
namespace {

// Distance the pattern travels before it wraps: across the frame's diagonal and its own size twice.
double travel(const MovingPattern& p) { return std::hypot(p.width, p.height) + 2 * p.size; }

}  // namespace

double moving_pattern_position(const MovingPattern& p, uint32_t frame) {
  const double span = travel(p);
  return std::fmod(frame * p.speed, span) - 0.5 * span;
}

std::vector<float> render_moving_pattern(const MovingPattern& p) {
  std::vector<float> frames(size_t(p.frames) * p.width * p.height, 0.0f);
  const double angle = p.angle_deg * M_PI / 180.0, dx = std::cos(angle), dy = std::sin(angle);
  const double cx = 0.5 * (p.width - 1), cy = 0.5 * (p.height - 1);
  for (uint32_t f = 0; f < p.frames; ++f) {
    const double position = moving_pattern_position(p, f);
    for (uint32_t y = 0; y < p.height; ++y)
      for (uint32_t x = 0; x < p.width; ++x) {
        const double along = (x - cx) * dx + (y - cy) * dy - position;  // signed distance along the motion
        const double across = -(x - cx) * dy + (y - cy) * dx;
        const double distance = p.shape == MovingPattern::Shape::kBar ? std::fabs(along) : std::hypot(along, across);
        // Full intensity inside the half-size, falling linearly to zero over one pixel.
        const double value = std::clamp(0.5 * p.size + 0.5 - distance, 0.0, 1.0);
        frames[(size_t(f) * p.height + y) * p.width + x] = static_cast<float>(value);
      }
  }
  return frames;
}

}  // namespace snn

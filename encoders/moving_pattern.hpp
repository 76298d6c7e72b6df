#pragma once
// Synthetic event-camera scenes: a bar or a dot moving across a small frame, as test input for delta
// coding and for experiments that learn delays. Intensities in [0, 1], anti-aliased over one pixel
// so that motion changes them smoothly.
#include <cstdint>
#include <vector>

namespace snn {

struct MovingPattern {
  enum class Shape { kBar, kDot } shape = Shape::kBar;
  uint32_t width = 16, height = 16, frames = 32;
  double speed = 1.0;      // pixels per frame
  double angle_deg = 0.0;  // direction of motion (0: to the right, 90: down)
  double size = 2.0;       // bar thickness or dot diameter, pixels
};

// frames x height x width intensities, row-major. The pattern starts centred one size outside the
// frame on the side it comes from and wraps around the frame's diagonal extent.
std::vector<float> render_moving_pattern(const MovingPattern& pattern);

// Where the pattern's centre is in frame f, along its direction of motion, in pixels from the
// frame centre (for tests and for labelling).
double moving_pattern_position(const MovingPattern& pattern, uint32_t frame);

}  // namespace snn

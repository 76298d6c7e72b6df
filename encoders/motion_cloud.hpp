#pragma once
// Motion clouds (Leon, Vanzetta, Masson & Perrinet 2012): random textures that move rigidly in a
// chosen direction at a chosen speed, with a controlled spatial-frequency content, as the stimuli of
// motion-detection experiments (Grimaldi & Perrinet 2023). A cloud is synthesised here as a sum of
// many drifting gratings whose spatial frequencies are drawn from the cloud's envelope (log-normal
// in frequency around `spatial_frequency`, orientations uniform or around `orientation_deg`) and
// whose temporal frequencies put them on the speed plane f_t = -v . f, spread by `speed_bandwidth`:
// the same spectral envelope as the Fourier synthesis, in expectation. Then turned into the events
// an event camera would report (encoders/delta_encoder.hpp).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace snn {

struct MotionCloud {
  uint32_t width = 24, height = 24, frames = 30;
  double direction_deg = 0.0;       // of motion (0: to the right, 90: down)
  double speed = 1.0;               // pixels per frame
  double spatial_frequency = 0.125; // cycles per pixel, the envelope's centre
  double frequency_bandwidth = 0.4; // the log-normal's sigma (natural log units)
  double orientation_deg = 0.0;     // the gratings' mean orientation (of their wave vector)
  double orientation_bandwidth_deg = -1;  // < 0: every orientation alike (isotropic)
  double speed_bandwidth = 0.05;    // spread of the speed, pixels per frame
  uint32_t gratings = 64;
  double contrast = 0.25;           // the intensity's standard deviation around 0.5
  uint64_t seed = 1;
};

// frames x height x width intensities (mean 0.5), row-major.
std::vector<float> render_motion_cloud(const MotionCloud& cloud);

// An event camera's view of a movie: polarities (ON, OFF) x frames x height x width, 1 where that
// pixel reported at least one event of that polarity in that frame (the first frame sets the
// reference levels and reports none), with `threshold` the intensity step per event.
struct EventMovie {
  uint32_t frames = 0, height = 0, width = 0;
  std::vector<uint8_t> active;  // [2, frames, height, width]
  std::vector<int32_t> events;  // the positions in `active` that are 1, ascending
  size_t index(uint32_t polarity, uint32_t frame, uint32_t y, uint32_t x) const {
    return ((static_cast<size_t>(polarity) * frames + frame) * height + y) * width + x;
  }
};
EventMovie movie_events(const std::vector<float>& frames, uint32_t frame_count, uint32_t height, uint32_t width, float threshold);

}  // namespace snn

#include "encoders/motion_cloud.hpp"

#include <cmath>
#include <complex>

#include "core/foundation/random_stream.hpp"
#include "encoders/delta_encoder.hpp"

namespace snn {

std::vector<float> render_motion_cloud(const MotionCloud& c) {
  const size_t plane = size_t(c.width) * c.height;
  std::vector<double> sum(plane * c.frames, 0.0);
  const RandomStream stream = make_stream(c.seed, 0, StreamPurpose::kMotionCloud);
  const double direction = c.direction_deg * M_PI / 180.0, vx = c.speed * std::cos(direction), vy = c.speed * std::sin(direction);
  std::vector<std::complex<double>> wave(plane);
  for (uint32_t k = 0; k < c.gratings; ++k) {
    const PhiloxBlock a = stream.block(k, 0), b = stream.block(k, 1);
    const double frequency = c.spatial_frequency * std::exp(c.frequency_bandwidth * normal_from_bits(a.v[0], a.v[1]));
    const double orientation = c.orientation_bandwidth_deg < 0
                                   ? 2.0 * M_PI * uniform_from_bits(a.v[2])
                                   : (c.orientation_deg + c.orientation_bandwidth_deg * normal_from_bits(a.v[2], b.v[2])) * M_PI / 180.0;
    const double fx = frequency * std::cos(orientation), fy = frequency * std::sin(orientation);
    // On the speed plane: a grating of wave vector f drifting at v has temporal frequency -v . f.
    const double speed_jitter = c.speed_bandwidth * normal_from_bits(b.v[0], b.v[1]);
    const double temporal = -(vx * fx + vy * fy) - speed_jitter * frequency;
    const double phase = 2.0 * M_PI * uniform_from_bits(a.v[3]);
    for (uint32_t y = 0; y < c.height; ++y)
      for (uint32_t x = 0; x < c.width; ++x) wave[size_t(y) * c.width + x] = std::polar(1.0, 2.0 * M_PI * (fx * x + fy * y) + phase);
    const std::complex<double> turn = std::polar(1.0, 2.0 * M_PI * temporal);
    for (uint32_t t = 0; t < c.frames; ++t) {
      double* frame = sum.data() + plane * t;
      for (size_t p = 0; p < plane; ++p) {
        frame[p] += wave[p].real();
        wave[p] *= turn;
      }
    }
  }
  // Each grating's cosine has variance 1/2: the sum's standard deviation is sqrt(gratings / 2).
  const double scale = c.contrast / std::sqrt(0.5 * std::max<uint32_t>(c.gratings, 1));
  std::vector<float> frames(sum.size());
  for (size_t i = 0; i < sum.size(); ++i) frames[i] = static_cast<float>(0.5 + scale * sum[i]);
  return frames;
}

EventMovie movie_events(const std::vector<float>& frames, uint32_t frame_count, uint32_t height, uint32_t width, float threshold) {
  EventMovie movie;
  movie.frames = frame_count;
  movie.height = height;
  movie.width = width;
  movie.active.assign(size_t(2) * frame_count * height * width, 0);
  const size_t plane = size_t(height) * width;
  std::vector<float> reference(frames.begin(), frames.begin() + plane);
  for (uint32_t t = 1; t < frame_count; ++t)
    for (size_t p = 0; p < plane; ++p) {
      const int32_t events = delta_events(reference[p], frames[plane * t + p], threshold);
      if (events != 0) movie.active[movie.index(events > 0 ? 0 : 1, t, 0, 0) + p] = 1;
    }
  for (size_t i = 0; i < movie.active.size(); ++i)
    if (movie.active[i]) movie.events.push_back(static_cast<int32_t>(i));
  return movie;
}

}  // namespace snn

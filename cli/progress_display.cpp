#include "cli/progress_display.hpp"

#include <cstdio>

namespace snn {

ProgressDisplay::ProgressDisplay(double dt_ms, bool enabled)
    : dt_ms_(dt_ms), enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

void ProgressDisplay::on_progress(uint64_t done, uint64_t total) {
  if (!enabled_ || total == 0) return;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double simulated_s = static_cast<double>(done) * dt_ms_ * 1e-3;
  const double realtime_factor = simulated_s > 0 ? wall / simulated_s : 0.0;
  const double eta = done > 0 ? wall * static_cast<double>(total - done) / static_cast<double>(done) : 0.0;
  std::fprintf(stderr, "\r  step %llu/%llu  %6.1f%%  t = %.3f s  real-time factor %.3g  ETA %.0f s   ",
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total), 100.0 * done / total,
               simulated_s, realtime_factor, eta);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressDisplay::finish() {
  if (drawn_) std::fprintf(stderr, "\n");
  drawn_ = false;
}

}  // namespace snn

#pragma once
// Progress of a long run on a terminal: steps, simulated time, real-time factor and ETA, redrawn in
// place on stderr. Silent when stderr is not a terminal, so logs and pipes stay clean.
#include <chrono>

#include "core/run_observer.hpp"

namespace snn {

class ProgressDisplay : public RunObserver {
 public:
  ProgressDisplay(double dt_ms, bool enabled);
  void on_progress(uint64_t done, uint64_t total) override;
  void finish();

 private:
  double dt_ms_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace snn

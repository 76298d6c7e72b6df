#pragma once
// Runs another observer on a thread of its own: the engine's calls copy their data into a bounded
// queue and return, so writing HDF5 (or anything slow) overlaps the simulation instead of pausing it.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "core/run_observer.hpp"

namespace snn {

class AsyncObserver : public RunObserver {
 public:
  AsyncObserver(RunObserver& target, std::vector<size_t> probe_widths, size_t max_pending = 4096);
  ~AsyncObserver() override;
  AsyncObserver(const AsyncObserver&) = delete;
  AsyncObserver& operator=(const AsyncObserver&) = delete;

  void on_spikes(uint32_t population, const uint64_t* steps, const uint32_t* neurons, size_t count) override;
  void on_spikes_through(uint64_t step) override;
  void on_state(size_t probe, uint64_t step, const float* values) override;
  void on_weights(size_t probe, uint64_t step, const float* values, size_t count) override;
  void on_progress(uint64_t done, uint64_t total) override;

  // Waits until every queued call has reached the target; rethrows what the target threw.
  void drain();
  // Once the target has thrown (a full disk, say), calls are dropped and the run is asked to stop; the
  // engine never sees the exception (drain() rethrows it).
  bool stop_requested() override { return failed_.load(std::memory_order_relaxed); }

 private:
  void push(std::function<void()> task);
  void work();

  static constexpr size_t kWakeAfter = 64;
  RunObserver& target_;
  std::vector<size_t> probe_widths_;
  size_t max_pending_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> pending_;
  bool busy_ = false, stopping_ = false;
  std::exception_ptr failure_;
  std::atomic<bool> failed_{false};
  std::thread worker_;
};

}  // namespace snn

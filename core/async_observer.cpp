#include "core/async_observer.hpp"

#include <algorithm>
#include <vector>

namespace snn {

AsyncObserver::AsyncObserver(RunObserver& target, std::vector<size_t> probe_widths, size_t max_pending)
    : target_(target), probe_widths_(std::move(probe_widths)), max_pending_(max_pending), worker_([this] { work(); }) {}

AsyncObserver::~AsyncObserver() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

void AsyncObserver::push(std::function<void()> task) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (pending_.size() >= max_pending_) changed_.notify_all();  // full: the worker must make room
  changed_.wait(lock, [&] { return pending_.size() < max_pending_ || failure_; });
  if (failure_) return;  // nothing more reaches the target; drain() reports why
  pending_.push_back(std::move(task));
  // Waking the worker for every call would cost the simulation threads more than the call itself:
  // it is woken once a few calls have gathered, and by progress reports and drain().
  if (pending_.size() >= std::min(kWakeAfter, max_pending_)) changed_.notify_all();
}

void AsyncObserver::on_spikes(uint32_t population, const uint64_t* steps, const uint32_t* neurons, size_t count) {
  push([this, population, s = std::vector<uint64_t>(steps, steps + count), n = std::vector<uint32_t>(neurons, neurons + count)] {
    target_.on_spikes(population, s.data(), n.data(), n.size());
  });
}

void AsyncObserver::on_spikes_through(uint64_t step) {
  push([this, step] { target_.on_spikes_through(step); });
}

void AsyncObserver::on_state(size_t probe, uint64_t step, const float* values) {
  push([this, probe, step, v = std::vector<float>(values, values + probe_widths_[probe])] {
    target_.on_state(probe, step, v.data());
  });
}

void AsyncObserver::on_weights(size_t probe, uint64_t step, const float* values, size_t count) {
  push([this, probe, step, v = std::vector<float>(values, values + count)] {
    target_.on_weights(probe, step, v.data(), v.size());
  });
}

void AsyncObserver::on_progress(uint64_t done, uint64_t total) {
  push([this, done, total] { target_.on_progress(done, total); });
  changed_.notify_all();
}

void AsyncObserver::drain() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.notify_all();
  changed_.wait(lock, [&] { return (pending_.empty() && !busy_) || failure_; });
  if (failure_) std::rethrow_exception(failure_);
}

void AsyncObserver::work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return !pending_.empty() || stopping_; });
    if (pending_.empty()) return;  // stopping, and nothing left
    std::function<void()> task = std::move(pending_.front());
    pending_.pop_front();
    busy_ = true;
    lock.unlock();
    try {
      task();
    } catch (...) {
      lock.lock();
      failure_ = std::current_exception();
      failed_ = true;
      pending_.clear();
      busy_ = false;
      changed_.notify_all();
      continue;
    }
    lock.lock();
    busy_ = false;
    changed_.notify_all();
  }
}

}  // namespace snn

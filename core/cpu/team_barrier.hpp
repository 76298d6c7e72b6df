#pragma once
// The barrier between the CPU engine's phases, made for machines the engine does not own. OpenMP's
// own barrier spins for a long while before it sleeps (libgomp: 300,000 rounds), which is right on an
// idle machine and ruinous on a shared one: a thread spinning for its partner keeps that partner, or
// another program, off the core, and two programs that spin slow each other 10 to 100 times. Here a
// thread that arrives early spins only as long as spinning has lately paid off, then sleeps on a futex
// until the last thread arrives: on an idle machine the waits are short and every thread spins, as
// before; when the cores are shared, the waits that failed shrink each thread's spin towards a few
// microseconds, and the barrier behaves like a sleeping one.
#include <atomic>
#include <cstdint>
#include <vector>

namespace snn {

class TeamBarrier {
 public:
  explicit TeamBarrier(int threads);
  TeamBarrier(const TeamBarrier&) = delete;
  TeamBarrier& operator=(const TeamBarrier&) = delete;

  // Returns once all `threads` threads have called it (each with its own number, 0 to threads - 1).
  void wait(int thread);
  int threads() const { return static_cast<int>(threads_); }

  // Longest and shortest spin before a thread sleeps (nanoseconds).
  static constexpr int64_t kMaxSpinNs = 200'000;
  static constexpr int64_t kMinSpinNs = 1'000;

 private:
  // Spins until the generation moves on or `budget_ns` has passed; returns whether it moved on.
  bool spin(uint32_t generation, int64_t budget_ns) const;
  void sleep(uint32_t generation);
  void wake_sleepers();

  const uint32_t threads_;
  alignas(64) std::atomic<uint32_t> arrived_{0};
  alignas(64) std::atomic<uint32_t> generation_{0};
  alignas(64) std::atomic<uint32_t> sleepers_{0};
  // Each thread's spin budget, on a cache line of its own.
  struct alignas(64) Budget {
    int64_t ns = kMaxSpinNs;
  };
  std::vector<Budget> budgets_;
};

}  // namespace snn

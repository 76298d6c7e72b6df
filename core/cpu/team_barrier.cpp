#include "core/cpu/team_barrier.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#ifdef __linux__
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace snn {
namespace {

static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t), "the futex word is the atomic itself");

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield" ::: "memory");
#endif
}

}  // namespace

TeamBarrier::TeamBarrier(int threads) : threads_(static_cast<uint32_t>(std::max(1, threads))), budgets_(threads_) {}

void TeamBarrier::wait(int thread) {
  if (threads_ == 1) return;
  const uint32_t generation = generation_.load(std::memory_order_acquire);
  if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == threads_) {
    arrived_.store(0, std::memory_order_relaxed);
    generation_.store(generation + 1, std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0) wake_sleepers();
    return;
  }
  int64_t& budget = budgets_[static_cast<size_t>(thread)].ns;
  if (spin(generation, budget)) {
    budget = std::min(kMaxSpinNs, budget * 2);
    return;
  }
  budget = std::max(kMinSpinNs, budget / 2);
  sleep(generation);
}

bool TeamBarrier::spin(uint32_t generation, int64_t budget_ns) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(budget_ns);
  for (;;) {
    for (int k = 0; k < 64; ++k) {
      if (generation_.load(std::memory_order_acquire) != generation) return true;
      cpu_relax();
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
  }
}

// The waker reads sleepers_ after moving the generation on, and a sleeper counts itself before the
// futex checks the generation (both sequentially consistent): either the waker sees the sleeper, or
// the sleeper sees the new generation and does not sleep.
void TeamBarrier::sleep(uint32_t generation) {
  sleepers_.fetch_add(1, std::memory_order_seq_cst);
  while (generation_.load(std::memory_order_seq_cst) == generation) {
#ifdef __linux__
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&generation_), FUTEX_WAIT_PRIVATE, generation, nullptr, nullptr, 0);
#else
    std::this_thread::yield();
#endif
  }
  sleepers_.fetch_sub(1, std::memory_order_seq_cst);
  std::atomic_thread_fence(std::memory_order_acquire);
}

void TeamBarrier::wake_sleepers() {
#ifdef __linux__
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(&generation_), FUTEX_WAKE_PRIVATE, INT32_MAX, nullptr, nullptr, 0);
#endif
}

}  // namespace snn

// The CPU engine's barrier (core/cpu/team_barrier.hpp): no thread passes before all have arrived, round
// after round, with as many threads as cores and with four times more (then most waits end asleep).
#include "core/cpu/team_barrier.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace snn {
namespace {

// Each round every thread adds one to the round's count, waits, and checks that all had added.
int rounds_seen_incomplete(int threads, int rounds) {
  TeamBarrier barrier(threads);
  std::vector<std::atomic<int>> counts(static_cast<size_t>(rounds));
  std::atomic<int> incomplete{0};
  std::vector<std::thread> team;
  for (int t = 0; t < threads; ++t)
    team.emplace_back([&, t] {
      for (int r = 0; r < rounds; ++r) {
        counts[static_cast<size_t>(r)].fetch_add(1);
        barrier.wait(t);
        if (counts[static_cast<size_t>(r)].load() != threads) incomplete.fetch_add(1);
        barrier.wait(t);  // the count is read before anyone starts the next round's
      }
    });
  for (std::thread& thread : team) thread.join();
  return incomplete.load();
}

TEST(TeamBarrier, NoThreadPassesBeforeAllHaveArrived) {
  const int cores = static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  EXPECT_EQ(rounds_seen_incomplete(cores, 20000), 0);
}

TEST(TeamBarrier, HoldsWithMoreThreadsThanCoresWhoseWaitsEndAsleep) {
  const int cores = static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  EXPECT_EQ(rounds_seen_incomplete(4 * cores, 2000), 0);
}

}  // namespace
}  // namespace snn

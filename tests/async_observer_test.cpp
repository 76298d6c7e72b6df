// The background observer delivers every call, in order, and passes a failure back to the caller.
#include "core/async_observer.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace snn {
namespace {

class Log : public RunObserver {
 public:
  void on_spikes(uint32_t population, const uint64_t* steps, const uint32_t* neurons, size_t count) override {
    for (size_t k = 0; k < count; ++k) entries.push_back({population, steps[k], neurons[k]});
  }
  void on_state(size_t probe, uint64_t step, const float* values) override {
    states.push_back({probe, step, values[0] + values[1]});
  }
  struct Entry {
    uint32_t population;
    uint64_t step;
    uint32_t neuron;
  };
  struct State {
    size_t probe;
    uint64_t step;
    float sum;
  };
  std::vector<Entry> entries;
  std::vector<State> states;
};

TEST(AsyncObserver, DeliversEveryCallInOrderFromCopies) {
  Log log;
  AsyncObserver async(log, {2}, 8);  // a short queue makes the producer wait now and then
  for (uint64_t step = 0; step < 1000; ++step) {
    std::vector<uint64_t> steps{step, step};
    std::vector<uint32_t> neurons{static_cast<uint32_t>(step % 7), static_cast<uint32_t>(step % 7 + 1)};
    async.on_spikes(1, steps.data(), neurons.data(), 2);
    steps.assign(2, 999999);  // the observer must have copied the data
    const float values[2] = {float(step), 1.0f};
    async.on_state(0, step, values);
  }
  async.drain();
  ASSERT_EQ(log.entries.size(), 2000u);
  ASSERT_EQ(log.states.size(), 1000u);
  for (uint64_t step = 0; step < 1000; ++step) {
    EXPECT_EQ(log.entries[2 * step].step, step);
    EXPECT_EQ(log.entries[2 * step + 1].neuron, step % 7 + 1);
    EXPECT_EQ(log.states[step].sum, float(step) + 1.0f);
  }
}

class Failing : public RunObserver {
 public:
  void on_progress(uint64_t done, uint64_t) override {
    if (done == 3) throw std::runtime_error("disk full");
  }
};

TEST(AsyncObserver, AFailureReachesTheCaller) {
  Failing failing;
  AsyncObserver async(failing, {});
  for (uint64_t k = 1; k <= 5; ++k) {
    try {
      async.on_progress(k, 5);
    } catch (const std::runtime_error&) {
      break;  // may already surface here
    }
  }
  EXPECT_THROW(async.drain(), std::runtime_error);
}

}  // namespace
}  // namespace snn

#pragma once
// What an engine reports while it runs: spikes, sampled state and progress. Recorders (HDF5),
// statistics and the progress display implement it; engines call it in batches, never per synapse.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace snn {

// A state variable of chosen neurons, sampled every `interval_steps` steps.
struct StateProbe {
  uint32_t population;
  std::string variable;
  std::vector<uint32_t> neurons;
  uint64_t interval_steps;
};

// Weights of chosen synapses of a projection (indices in its synapse table; empty: all), sampled
// every `interval_steps` steps.
struct WeightProbe {
  uint32_t projection;
  std::vector<uint64_t> synapses;
  uint64_t interval_steps;
};

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // Spikes of one population, in time order: neuron `neurons[k]` fired in step `steps[k]`
  // (its spike time is (steps[k] + 1) * dt).
  virtual void on_spikes(uint32_t population, const uint64_t* steps, const uint32_t* neurons, size_t count) {
    (void)population, (void)steps, (void)neurons, (void)count;
  }
  // Every spike of the steps up to and including `step` has now been reported (engines report spikes
  // in batches, by population), so an observer may process those steps in order.
  virtual void on_spikes_through(uint64_t step) { (void)step; }
  // Values of probe `probe` after step `step`, one per probed neuron.
  virtual void on_state(size_t probe, uint64_t step, const float* values) { (void)probe, (void)step, (void)values; }
  // Weights of weight probe `probe` after step `step`, one per probed synapse (`count` of them).
  virtual void on_weights(size_t probe, uint64_t step, const float* values, size_t count) {
    (void)probe, (void)step, (void)values, (void)count;
  }
  // Called between steps now and then: `done` of `total` steps of this run are complete.
  virtual void on_progress(uint64_t done, uint64_t total) { (void)done, (void)total; }
  // Asked between steps (the CPU engine: every step; the CUDA engine: every batch). True stops the run
  // once the steps under way are done, with everything up to there reported; the next run goes on from
  // there. Must be cheap: an atomic flag, say, that a signal handler sets.
  virtual bool stop_requested() { return false; }
};

// Forwards every call to several observers, in order.
class ObserverList : public RunObserver {
 public:
  void add(RunObserver* observer) { observers_.push_back(observer); }
  void on_spikes(uint32_t population, const uint64_t* steps, const uint32_t* neurons, size_t count) override {
    for (auto* o : observers_) o->on_spikes(population, steps, neurons, count);
  }
  void on_spikes_through(uint64_t step) override {
    for (auto* o : observers_) o->on_spikes_through(step);
  }
  void on_state(size_t probe, uint64_t step, const float* values) override {
    for (auto* o : observers_) o->on_state(probe, step, values);
  }
  void on_weights(size_t probe, uint64_t step, const float* values, size_t count) override {
    for (auto* o : observers_) o->on_weights(probe, step, values, count);
  }
  void on_progress(uint64_t done, uint64_t total) override {
    for (auto* o : observers_) o->on_progress(done, total);
  }
  bool stop_requested() override {
    for (auto* o : observers_)
      if (o->stop_requested()) return true;
    return false;
  }

 private:
  std::vector<RunObserver*> observers_;
};

}  // namespace snn

#pragma once
// A readout of the network computed on the host from the spikes an engine reports, so that it runs
// beside either backend without acting on the network: the filtered spike trains of a population (the
// mean per group of neurons: a spiking readout, or a teacher), or a FORCE readout, a linear readout of
// another population's filtered spike trains that learns by recursive least squares against a teacher
// population's (models/recursive_least_squares.hpp). Spike trains are filtered as readout errors filter
// them (plasticity/readout_error.hpp): x <- x exp(-dt/tau) + 1 at each spike. Sampled at an interval.
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/experiment_spec.hpp"
#include "core/run_observer.hpp"
#include "io/experiment_tasks.hpp"
#include "models/recursive_least_squares.hpp"

namespace snn {

struct ReadoutSettings {
  std::string name;
  bool force = false;
  uint32_t population = 0, population_size = 0;  // whose groups' trains are the output (force: the teacher)
  uint32_t outputs = 1;                          // groups of population_size / outputs neurons
  uint32_t source = 0, source_size = 0;          // force: the population the readout reads
  double decay = 0.0;                            // exp(-dt / tau)
  double alpha = 1.0;                            // force: P(0) = I / alpha
  uint64_t update_steps = 1;                     // force: steps between updates
  uint64_t record_steps = 1;
};

class HostReadout : public RunObserver {
 public:
  explicit HostReadout(ReadoutSettings settings);

  void on_spikes(uint32_t population, const uint64_t* steps, const uint32_t* neurons, size_t count) override;
  void on_spikes_through(uint64_t step) override;

  // Called with each sample as it is taken: the outputs, and for FORCE the teacher's trains (else null).
  using SampleSink = std::function<void(uint64_t step, const float* values, const float* teacher)>;
  void set_sink(SampleSink sink) { sink_ = std::move(sink); }

  // Its filters, FORCE weights and samples so far, under "readouts/<name>/...", and back (between runs,
  // when every reported spike has been filtered).
  void save(NetworkState& state) const;
  void restore(const NetworkState& state);

  const ReadoutSettings& settings() const { return s_; }
  // The output after each sampled step: sample_steps()[k] and outputs values at samples()[k * outputs].
  const std::vector<uint64_t>& sample_steps() const { return sample_steps_; }
  const std::vector<float>& samples() const { return samples_; }
  // The teacher's sampled trains alongside a FORCE readout's output (empty otherwise).
  const std::vector<float>& teacher_samples() const { return teacher_samples_; }

 private:
  void advance(uint64_t step);
  static void filter(std::vector<double>& trace, double decay, std::deque<std::pair<uint64_t, uint32_t>>& spikes,
                     uint64_t step, uint32_t group);

  ReadoutSettings s_;
  uint64_t next_step_ = 0;
  std::deque<std::pair<uint64_t, uint32_t>> teacher_spikes_, source_spikes_;  // reported, not yet filtered
  std::vector<double> teacher_, source_, z_;
  std::unique_ptr<RecursiveLeastSquares> rls_;
  std::vector<uint64_t> sample_steps_;
  std::vector<float> samples_, teacher_samples_;
  SampleSink sink_;
};

// The readouts an experiment asks for (its `readouts`, io/experiment_tasks.hpp), in its order, on the
// populations of `spec`.
std::vector<std::unique_ptr<HostReadout>> make_host_readouts(const ExperimentSpec& spec,
                                                             const std::vector<ReadoutSpec>& readouts);

}  // namespace snn

#pragma once
// The library's way to run a network, the one `snn run`, `snn bench` and the tests use: an
// experiment (loaded from YAML, or built in code as an ExperimentSpec) is built into a network, an
// engine is started on the chosen backend, and the run advances step by step or for a duration,
// keeping in memory what the experiment records (spikes, sampled state and weights) unless asked
// not to, and reporting everything to the observers given (an HDF5 recorder, a progress display,
// host readouts).
//
//   snn::Simulation sim(spec, {snn::Backend::kAuto});
//   sim.run(100.0);                        // ms, from where the last call stopped
//   for (const snn::RecordedSpike& s : sim.spikes("excitatory")) ...
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/engine.hpp"
#include "core/experiment_spec.hpp"
#include "core/network.hpp"
#include "core/run_counts.hpp"
#include "core/run_observer.hpp"
#include "core/spike_statistics.hpp"

namespace snn {

// kAuto: the CUDA engine where a device is usable, else the CPU engine.
enum class Backend { kAuto, kCpu, kCuda };

struct SimulationOptions {
  Backend backend = Backend::kCpu;
  int threads = -1;  // CPU threads; -1: the experiment's `simulation.threads` (0 there: all cores)
  SimdLevel simd = SimdLevel::kAuto;  // CPU: the neuron update's vector instructions (core/simd_level.hpp)
  CudaStepKernel cuda_kernel = CudaStepKernel::kAuto;
  uint32_t cuda_blocks = 0;  // see EngineOptions
  bool keep_in_memory = true;  // keep the recorded spikes, state and weights for spikes() and friends
  bool keep_every_population = false;  // keep the spikes of populations the experiment does not record too
};

struct RecordedSpike {
  uint64_t step;  // the spike's time is (step + 1) * dt
  uint32_t neuron;
  bool operator==(const RecordedSpike& o) const { return step == o.step && neuron == o.neuron; }
};

// The choices by the names the command line and the Python package use: "auto", "cpu", "cuda"; "auto",
// "fused", "graph", "overlapped". Throw std::invalid_argument, listing the names, for any other.
Backend parse_backend(const std::string& name);
CudaStepKernel parse_cuda_step_kernel(const std::string& name);

// What an experiment records, as engine options: spikes of the populations it names, its state
// probes, its weight probes (checked against the built tables: std::invalid_argument if one names a
// synapse that does not exist).
EngineOptions recording_plan(const ExperimentSpec& spec, const Network& network);

// Whether `backend` can run here: kCpu always; kCuda where a device is usable; kAuto resolved to one
// of them. Throws std::runtime_error, with the reason, for kCuda without a device.
Backend resolve_backend(Backend backend);

class Simulation {
 public:
  // Validates `spec` (core/spec_validation.hpp: SpecError, an std::invalid_argument, naming the
  // problem), builds its network (on the CUDA backend, synapses on the GPU wherever they can be) and
  // starts the engine. Throws std::invalid_argument when the network cannot be built as specified,
  // std::runtime_error when the backend cannot run it (no device, too little memory).
  explicit Simulation(const ExperimentSpec& spec, SimulationOptions options = {});
  // The same with a network the caller has built (and perhaps changed: learned weights loaded).
  Simulation(const ExperimentSpec& spec, Network network, SimulationOptions options);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Advances `steps` steps from where the last call stopped, reporting to `observer` too.
  void run_steps(uint64_t steps, RunObserver* observer = nullptr);
  // Advances `duration_ms` (whole steps), or the rest of the experiment's duration.
  void run(double duration_ms, RunObserver* observer = nullptr);
  void run_to_end(RunObserver* observer = nullptr);

  // Changes between runs, taken in by the engine without building again (core/network_changes.hpp):
  // a neuron parameter of a population (derived constants follow), an input's "rate", "weight" or
  // "amplitude" (inputs by name: `name:` in the experiment, else "<kind>-><target>"), a projection's
  // weights (one per synapse, in its table's order). Each takes one value for all, or one per neuron;
  // std::invalid_argument (naming what is known) for a name that does not exist or a bad value.
  void set_parameter(const std::string& population, const std::string& parameter, const std::vector<float>& values);
  void set_input(const std::string& input, const std::string& key, const std::vector<float>& values);
  void set_weights(const std::string& projection, const std::vector<float>& weights);
  // Spikes into a spike-source array (type spike_source_array): neuron neurons[k] fires in step
  // steps[k], at or after the next step to run (current_step()); the spike is emitted at the end of
  // that step, (steps[k] + 1) dt, and reaches targets after their projections' delays, as the
  // source's own scheduled spikes do. A closed loop injects what its environment sensed.
  void inject_spikes(const std::string& population, const std::vector<uint32_t>& neurons, const std::vector<uint64_t>& steps);
  // A numeric setting of a plastic projection's rule ("learning_rate", "A_plus"...; `snn models`
  // lists them), its traces and eligibilities kept.
  void set_plasticity(const std::string& projection, const std::string& setting, double value);

  // The complete state after the steps run so far (the engine's network, core/network_state.hpp, and
  // the spike statistics behind summaries()), and back: a simulation of the same experiment, on either
  // backend and any thread count, restored from it runs on bit for bit as this one would. What was kept
  // in memory (spikes(), state_samples()) covers only the steps run since the restore.
  NetworkState save_state();
  void restore_state(const NetworkState& state);

  const ExperimentSpec& spec() const { return spec_; }
  Backend backend() const { return backend_; }
  Engine& engine() { return *engine_; }
  const Engine& engine() const { return *engine_; }
  uint64_t current_step() const { return engine_->current_step(); }
  double time_ms() const { return static_cast<double>(current_step()) * spec_.dt_ms; }
  uint64_t total_steps() const;  // the experiment's duration in steps
  double build_seconds() const { return build_seconds_; }  // the network, on the host
  double setup_seconds() const { return setup_seconds_; }  // the engine: moving it to the GPU, building synapses there

  // What the run has recorded so far (with keep_in_memory), by the experiment's names.
  const std::vector<RecordedSpike>& spikes(const std::string& population) const;
  // Samples of a state probe in the order of the experiment's record.state entries and their
  // variables: one row of the probed neurons' values per sample.
  const std::vector<std::vector<float>>& state_samples(size_t probe) const;
  // Samples of the experiment's weight probes (record.weights), likewise.
  const std::vector<std::vector<float>>& weight_samples(size_t probe) const;
  const EngineOptions& plan() const { return plan_; }
  // Weights of a projection as they stand now (learned so far).
  std::vector<float> weights(const std::string& projection) const;
  // Spike counts, rates and CV of the inter-spike intervals of every population, so far.
  std::vector<PopulationSummary> summaries() const;
  // What the run did so far, counted per population and projection (for the energy estimator).
  RunCounts counts() const;

 private:
  class Record;
  void start(Network network, SimulationOptions options);
  size_t projection_index(const std::string& name) const;

  ExperimentSpec spec_;
  Backend backend_ = Backend::kCpu;
  EngineOptions plan_;
  std::unique_ptr<Record> record_;
  std::unique_ptr<Engine> engine_;
  double build_seconds_ = 0.0, setup_seconds_ = 0.0;
};

}  // namespace snn

#pragma once
// The backend interface: an engine owns a built network and advances it. The CPU engine is the
// reference; the CUDA engine must produce the same spikes.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/network.hpp"
#include "core/network_state.hpp"
#include "core/run_observer.hpp"
#include "core/simd_level.hpp"

namespace snn {

// How the CUDA engine runs a batch of steps. kFused: one persistent cooperative kernel per batch, in
// which each block updates its neurons and delivers their spikes, with one grid-wide barrier per step.
// kGraph: two kernels per step (neurons, then delivery spread over the whole GPU), replayed as a CUDA
// graph. kOverlapped: one kernel per step, in graphs, that delivers the previous step's spikes beside
// the neuron update (static networks). kAuto picks by network (docs/benchmarks.md has the measurements
// behind the choice).
enum class CudaStepKernel { kAuto, kFused, kGraph, kOverlapped };

struct EngineOptions {
  int threads = 0;                      // CPU: 0 = all cores
  SimdLevel simd = SimdLevel::kAuto;    // CPU: the neuron update's vector instructions (the same spikes at every level)
  CudaStepKernel cuda_kernel = CudaStepKernel::kAuto;
  uint32_t cuda_blocks = 0;             // fused kernel's blocks (0: as many as the network has work for), or
                                        // the overlapped step's delivery blocks (0: what its neurons leave of a wave)
  std::vector<bool> record_spikes;      // per population
  std::vector<StateProbe> state_probes;
  std::vector<WeightProbe> weight_probes;  // synapse indices already checked against the tables
};

class Engine {
 public:
  virtual ~Engine() = default;
  // Advances `steps` steps from where the last call stopped, reporting to `observer`.
  virtual void run(uint64_t steps, RunObserver& observer) = 0;
  virtual uint64_t current_step() const = 0;
  virtual const char* backend_name() const = 0;
  // What runs it ("NVIDIA H100 80GB HBM3", "2 CPU threads"), and the bytes of network state it holds.
  virtual std::string device_name() const = 0;
  virtual uint64_t memory_bytes() const = 0;
  virtual uint64_t synapse_count() const = 0;
  // Per projection, in the network's order: its synapses, and the synapses reached by spikes so far
  // (each spike counts every synapse of its row), for the energy estimator.
  struct ProjectionCounts {
    uint64_t synapses = 0, synaptic_events = 0;
  };
  virtual std::vector<ProjectionCounts> projection_counts() const = 0;
  // A projection's synapses as they stand now (plastic weights as learned so far).
  virtual SynapseTable synapse_table(size_t projection) const = 0;
  // The network's complete state between runs (core/network_state_arrays.hpp has what it holds; plastic
  // weights and event counts besides), the same on either engine: a state saved by one engine is
  // restored by the other, which then runs on bit for bit as the first would have.
  virtual NetworkState save_state() = 0;
  // Continues from `state`, saved from a network built from the same experiment; throws
  // std::invalid_argument, naming the array, when it does not fit this network.
  virtual void restore_state(const NetworkState& state) = 0;
  // Between runs: `change` edits values of population `population`, or of input `input`, of the
  // engine's network in place (core/network_changes.hpp: neuron parameters, input rates and
  // amplitudes; never an array's size), and the engine takes them in. The CUDA engine brings the
  // population's values up to date on the host first and sends what may have changed back after;
  // an input holds no state, so changing one costs one copy of its arrays (a closed loop's step).
  virtual void change_population(size_t population, const std::function<void(Population&)>& change) = 0;
  virtual void change_input(size_t input, const std::function<void(Input&)>& change) = 0;
  // Between runs: `change` edits the spike schedule of spike-source array `population`, whose size
  // may change (core/network_changes.hpp: schedule_source_spikes); the engine takes it in.
  virtual void change_schedule(size_t population, const std::function<void(Population&)>& change) = 0;
  // Between runs: the rule of plastic projection `projection` with new settings (the same rule, so
  // that its traces and eligibilities go on). Throws std::invalid_argument for a static projection.
  virtual void set_plasticity_rule(size_t projection, const PlasticityRule& rule) = 0;
  // Between runs: the weights of projection `projection`, one per synapse in its table's order.
  // Throws std::invalid_argument for another count or a value that is not finite.
  virtual void set_weights(size_t projection, const std::vector<float>& weights) = 0;
  // Synaptic events of all projections.
  uint64_t synaptic_events() const {
    uint64_t total = 0;
    for (const ProjectionCounts& c : projection_counts()) total += c.synaptic_events;
    return total;
  }
};

std::unique_ptr<Engine> make_cpu_engine(Network network, EngineOptions options);
std::unique_ptr<Engine> make_cuda_engine(Network network, EngineOptions options);

// Whether a CUDA device can run the CUDA engine; if not, `reason` says why.
bool cuda_device_available(std::string* reason = nullptr);

// Bytes of GPU memory free now (0 without a usable device).
uint64_t gpu_free_bytes();

// Throws std::runtime_error, saying what is needed, what is free and how much would fit, when
// `bytes` of network state (`synapses` of them synaptic) cannot fit in the GPU's free memory.
void check_gpu_memory(uint64_t bytes, uint64_t synapses);

}  // namespace snn

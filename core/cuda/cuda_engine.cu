// The CUDA engine: the network's arrays in device memory (device_network.cuh), a step scheme chosen
// for the network and the device (step_scheme.hpp) that runs batches of steps (step_runner.cuh), and
// the host touched only between batches to collect recorded spikes, probed state and sampled weights.
#include <thrust/device_vector.h>
#include <thrust/gather.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <memory>
#include <utility>
#include <vector>

#include "core/cuda/cuda_check.hpp"
#include "core/cuda/device_network.cuh"
#include "core/cuda/overlapped_plan.cuh"
#include "core/cuda/step_outputs.cuh"
#include "core/cuda/step_runner.cuh"
#include "core/cuda/step_scheme.hpp"
#include "core/engine.hpp"
#include "core/network_changes.hpp"
#include "core/network_state_arrays.hpp"

namespace snn {
namespace {

using cuda::raw;
using cuda::RecordedSpike;

constexpr uint64_t kGpuWorkingSpace = uint64_t(256) << 20;  // CUDA's own working space and graphs

class CudaEngine : public Engine {
 public:
  CudaEngine(Network network, EngineOptions options) : net_(std::move(network)), options_(std::move(options)) {
    // A constructor that throws (too little memory, say) runs no destructor: the members free their
    // device arrays, and the streams and events are released here.
    try {
      options_.record_spikes.resize(net_.populations.size(), false);
      SNN_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
      SNN_CUDA_CHECK(cudaStreamCreateWithFlags(&copy_stream_, cudaStreamNonBlocking));
      for (cudaEvent_t& event : batch_done_) SNN_CUDA_CHECK(cudaEventCreateWithFlags(&event, cudaEventDisableTiming));
      network_ = std::make_unique<cuda::DeviceNetwork>(net_, options_.record_spikes);
      outputs_ = std::make_unique<cuda::StepOutputs>(net_, *network_, options_.state_probes);
      prepare_weight_probes();
      start_step_scheme();
      SNN_CUDA_CHECK(cudaDeviceSynchronize());
    } catch (...) {
      release_streams();
      throw;
    }
  }
  ~CudaEngine() override { release_streams(); }

  uint64_t current_step() const override { return step_; }
  const char* backend_name() const override { return "cuda"; }
  std::string device_name() const override {
    cudaDeviceProp properties{};
    int device = 0;
    cudaGetDevice(&device);
    cudaGetDeviceProperties(&properties, device);
    return std::string(properties.name) + " (" + runner_->description() + "; chosen: " + scheme_reason_ + ")";
  }
  uint64_t synapse_count() const override { return network_->synapse_count; }
  std::vector<ProjectionCounts> projection_counts() const override {
    std::vector<unsigned long long> events(network_->projection_events.size());
    thrust::copy(network_->projection_events.begin(), network_->projection_events.end(), events.begin());
    std::vector<ProjectionCounts> counts(net_.projections.size());
    for (size_t j = 0; j < counts.size(); ++j) counts[j] = ProjectionCounts{network_->projection_synapses[j], events[j]};
    return counts;
  }
  SynapseTable synapse_table(size_t projection) const override {
    const cuda::DeviceProjection& d = network_->projection_entries.at(projection);
    return cuda::copy_synapses_to_host(d.row_offsets, net_.populations[net_.projections[projection].source].size,
                                       d.targets, d.weights, d.delay_steps, d.narrow_delay_steps);
  }
  uint64_t memory_bytes() const override { return network_->bytes() + outputs_->bytes() + runner_->bytes(); }

  // Between runs the device is idle (run() collects every batch it launches), so its arrays are whole.
  NetworkState save_state() override {
    SNN_CUDA_CHECK(cudaDeviceSynchronize());
    for_each_state_array(net_, [&](const std::string&, auto& values, uint32_t) { network_->arrays.download(values); });
    NetworkState state;
    save_network_arrays(net_, step_, state);
    const std::vector<ProjectionCounts> counts = projection_counts();
    for (size_t j = 0; j < net_.projections.size(); ++j) {
      const Projection& proj = net_.projections[j];
      if (proj.plasticity) state.put(weights_state_name(proj), device_weights(j));
      state.put(events_state_name(proj), std::vector<uint64_t>{counts[j].synaptic_events});
    }
    return state;
  }

  void restore_state(const NetworkState& state) override {
    SNN_CUDA_CHECK(cudaDeviceSynchronize());
    restore_network_arrays(state, net_);
    for_each_state_array(net_, [&](const std::string&, auto& values, uint32_t) { network_->arrays.upload(values); });
    std::vector<unsigned long long> events(network_->projection_events.size(), 0);
    for (size_t j = 0; j < net_.projections.size(); ++j) {
      const Projection& proj = net_.projections[j];
      if (proj.plasticity) {
        std::vector<float> weights(network_->projection_synapses[j]);
        state.take(weights_state_name(proj), weights);
        SNN_CUDA_CHECK(cudaMemcpy(const_cast<float*>(network_->projection_entries[j].weights), weights.data(), weights.size() * sizeof(float),
                                  cudaMemcpyHostToDevice));
      }
      events[j] = state.scalar<uint64_t>(events_state_name(proj));
    }
    thrust::copy(events.begin(), events.end(), network_->projection_events.begin());
    outputs_->base_step[0] = state.step;
    step_ = state.step;
    SNN_CUDA_CHECK(cudaDeviceSynchronize());
  }

  // Parameters are state arrays: the host's copy is brought up to date before the change.
  void change_population(size_t population, const std::function<void(Population&)>& change) override {
    Population& pop = net_.populations.at(population);
    SNN_CUDA_CHECK(cudaDeviceSynchronize());
    for (std::vector<float>& values : pop.values) network_->arrays.download(values);
    change(pop);
    for_each_changeable_array(pop, [&](auto& values) { network_->arrays.upload(values); });
    SNN_CUDA_CHECK(cudaDeviceSynchronize());
  }

  void change_input(size_t input, const std::function<void(Input&)>& change) override {
    Input& in = net_.inputs.at(input);
    SNN_CUDA_CHECK(cudaDeviceSynchronize());
    change(in);
    for_each_changeable_array(in, [&](auto& values) { network_->arrays.upload(values); });
  }

  void change_schedule(size_t population, const std::function<void(Population&)>& change) override {
    Population& pop = net_.populations.at(population);
    SNN_CUDA_CHECK(cudaDeviceSynchronize());
    change(pop);
    network_->upload_schedule(static_cast<uint32_t>(population), pop);
    SNN_CUDA_CHECK(cudaDeviceSynchronize());
  }

  // The kernels read the rules from the device's table of plastic projections, in the network's order.
  void set_plasticity_rule(size_t projection, const PlasticityRule& rule) override {
    Projection& proj = net_.projections.at(projection);
    if (!proj.plasticity || proj.plasticity->id != rule.id)
      throw std::invalid_argument("projection '" + proj.name + "' does not learn by that rule");
    size_t entry = 0;
    for (size_t j = 0; j < projection; ++j) entry += net_.projections[j].plasticity ? 1 : 0;
    SNN_CUDA_CHECK(cudaDeviceSynchronize());
    cuda::DevicePlasticity d = network_->plasticity[entry];
    d.rule = rule;
    network_->plasticity[entry] = d;
    proj.plasticity = rule;
    SNN_CUDA_CHECK(cudaDeviceSynchronize());
  }

  // The step schemes may keep tables of their own made from the weights (the overlapped step's
  // one-step entries): the scheme is started again from the new weights.
  void set_weights(size_t projection, const std::vector<float>& weights) override {
    const Projection& proj = net_.projections.at(projection);
    check_new_weights(proj.name, network_->projection_synapses[projection], weights);
    SNN_CUDA_CHECK(cudaDeviceSynchronize());
    if (!weights.empty())
      SNN_CUDA_CHECK(cudaMemcpy(const_cast<float*>(network_->projection_entries[projection].weights), weights.data(),
                                weights.size() * sizeof(float), cudaMemcpyHostToDevice));
    runner_.reset();
    start_step_scheme();
    SNN_CUDA_CHECK(cudaDeviceSynchronize());
  }

  // Batch n+1 is queued before the host reads batch n's spikes, so the GPU never waits for the host.
  // Asked to stop, the engine launches no further batch and collects those launched.
  void run(uint64_t steps, RunObserver& observer) override {
    const uint64_t first = step_;
    uint64_t last = step_ + steps;
    uint64_t launched = step_;
    uint32_t pending = 0;  // steps of the batch launched but not yet collected
    int launch_set = 0, collect_set = 0;  // output sets alternate between consecutive batches
    while (step_ < last) {
      uint32_t next = 0;
      if (launched < last) {
        next = static_cast<uint32_t>(
            std::min<uint64_t>({outputs_->batch_steps, last - launched, steps_to_weight_sample(launched)}));
        runner_->enqueue_batch(next, launch_set);
        sample_weights(launched + next - 1, launch_set);
        SNN_CUDA_CHECK(cudaEventRecord(batch_done_[launch_set], stream_));
        launched += next;
        launch_set ^= 1;
      }
      if (pending > 0) {
        collect(pending, collect_set, observer);
        step_ += pending;
        observer.on_progress(step_ - first, steps);
        collect_set ^= 1;
      }
      pending = next;
      if (last > launched && observer.stop_requested()) last = launched;
    }
  }


 private:
  // The step scheme for this network and device, its tables built once it is chosen.
  void start_step_scheme() {
    int device = 0, processors = 0, cooperative = 0, major = 0;
    SNN_CUDA_CHECK(cudaGetDevice(&device));
    SNN_CUDA_CHECK(cudaDeviceGetAttribute(&processors, cudaDevAttrMultiProcessorCount, device));
    SNN_CUDA_CHECK(cudaDeviceGetAttribute(&cooperative, cudaDevAttrCooperativeLaunch, device));
    SNN_CUDA_CHECK(cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device));
    StepShape s;
    s.requested = options_.cuda_kernel;
    s.requested_blocks = options_.cuda_blocks;
    s.learns = network_->learns();
    s.third_factor = network_->modulated();
    s.has_projections = !network_->projection_entries.empty();
    s.neuron_blocks = network_->neuron_blocks;
    s.mean_row_length = network_->mean_row_length();
    s.processors = static_cast<uint32_t>(processors);
    s.cooperative_launch = cooperative != 0;
    s.fused_blocks_per_processor = cuda::fused_blocks_per_processor();
    s.overlapped_blocks_per_processor = cuda::overlapped_blocks_per_processor(s.learns);
    cuda::OverlappedPlan plan;
    if (overlapped_candidate(s)) cuda::plan_overlapped_step(net_, *network_, plan, s);
    const StepChoice choice = choose_step_scheme(s);
    scheme_reason_ = choice.reason;
    // Programmatic dependent launch: compute capability 9.0 and later.
    const cuda::StepContext context{*network_, *outputs_, stream_, static_cast<float>(net_.dt_ms), s.processors, major >= 9};
    switch (choice.scheme) {
      case StepScheme::kFused: runner_ = cuda::make_fused_steps(context, choice.fused_blocks); break;
      case StepScheme::kGraph: runner_ = cuda::make_two_kernel_steps(context); break;
      case StepScheme::kOverlapped: runner_ = cuda::make_overlapped_steps(context, plan, options_.cuda_blocks); break;
    }
  }

  std::vector<float> device_weights(size_t projection) const {
    std::vector<float> weights(network_->projection_synapses[projection]);
    if (!weights.empty())
      SNN_CUDA_CHECK(cudaMemcpy(weights.data(), network_->projection_entries[projection].weights,
                                weights.size() * sizeof(float), cudaMemcpyDeviceToHost));
    return weights;
  }

  void release_streams() {
    runner_.reset();  // its graphs before the stream
    for (cudaEvent_t& event : batch_done_)
      if (event != nullptr) cudaEventDestroy(std::exchange(event, nullptr));
    if (copy_stream_ != nullptr) cudaStreamDestroy(std::exchange(copy_stream_, nullptr));
    if (stream_ != nullptr) cudaStreamDestroy(std::exchange(stream_, nullptr));
  }

  // Whether the overlapped step's tables are worth measuring for the choice.
  static bool overlapped_candidate(const StepShape& s) {
    return s.has_projections && !s.third_factor && s.requested != CudaStepKernel::kGraph &&
           s.requested != CudaStepKernel::kFused;
  }

  void prepare_weight_probes() {
    for (const WeightProbe& probe : options_.weight_probes) {
      const uint64_t synapses = network_->projection_synapses[probe.projection];
      for (const uint64_t k : probe.synapses)  // synapses built here were not known when the probe was made
        if (k >= synapses)
          throw std::invalid_argument("record.weights: projection '" + net_.projections[probe.projection].name + "' has " +
                                      std::to_string(synapses) + " synapses, no synapse " + std::to_string(k));
      weight_synapses_.emplace_back(probe.synapses.begin(), probe.synapses.end());
      const size_t width = probe.synapses.empty() ? synapses : probe.synapses.size();
      for (auto& set : weight_output_) set.emplace_back(width);
    }
  }

  // Steps from `from` to the end of the first step after which a weight probe samples (a batch ends
  // there, so that the sample is taken between batches).
  uint64_t steps_to_weight_sample(uint64_t from) const {
    uint64_t steps = UINT64_MAX;
    for (const WeightProbe& probe : options_.weight_probes)
      steps = std::min(steps, ((from + 1 + probe.interval_steps - 1) / probe.interval_steps) * probe.interval_steps - from);
    return steps;
  }

  // After the batch that ends with `step` (queued on the stream): a copy of the probed weights due then,
  // into output set `set`, made before the next batch changes them.
  void sample_weights(uint64_t step, int set) {
    for (size_t k = 0; k < options_.weight_probes.size(); ++k) {
      const WeightProbe& probe = options_.weight_probes[k];
      if ((step + 1) % probe.interval_steps != 0) continue;
      const float* weights = network_->projection_entries[probe.projection].weights;
      thrust::device_vector<float>& out = weight_output_[set][k];
      if (probe.synapses.empty())
        SNN_CUDA_CHECK(cudaMemcpyAsync(raw(out), weights, out.size() * sizeof(float), cudaMemcpyDeviceToDevice, stream_));
      else
        thrust::gather(thrust::cuda::par_nosync.on(stream_), weight_synapses_[k].begin(), weight_synapses_[k].end(),
                       thrust::device_pointer_cast(weights), out.begin());
      weights_sampled_[set].push_back(k);
    }
  }

  // After the batch in output set `set` (its first step is step_): hand its spikes, sorted as the CPU
  // engine reports them, and its probes to the observer. Copies run on a stream of their own, after
  // that batch only, while the next batch computes.
  void collect(uint32_t batch, int set, RunObserver& observer) {
    SNN_CUDA_CHECK(cudaStreamWaitEvent(copy_stream_, batch_done_[set], 0));
    uint32_t count = 0;
    SNN_CUDA_CHECK(cudaMemcpyAsync(&count, raw(outputs_->recorded_count[set]), sizeof count, cudaMemcpyDeviceToHost, copy_stream_));
    SNN_CUDA_CHECK(cudaStreamSynchronize(copy_stream_));
    host_recorded_.resize(count);
    if (count > 0)
      SNN_CUDA_CHECK(cudaMemcpyAsync(host_recorded_.data(), raw(outputs_->recorded[set]), count * sizeof(RecordedSpike),
                                     cudaMemcpyDeviceToHost, copy_stream_));
    if (outputs_->probe_width > 0) {
      host_probes_.resize(size_t(batch) * outputs_->probe_width);
      SNN_CUDA_CHECK(cudaMemcpyAsync(host_probes_.data(), raw(outputs_->probe_output[set]), host_probes_.size() * sizeof(float),
                                     cudaMemcpyDeviceToHost, copy_stream_));
    }
    SNN_CUDA_CHECK(cudaStreamSynchronize(copy_stream_));
    // Ordered on the compute stream before any later batch that records into this set.
    SNN_CUDA_CHECK(cudaMemsetAsync(raw(outputs_->recorded_count[set]), 0, sizeof(uint32_t), stream_));
    std::sort(host_recorded_.begin(), host_recorded_.end(), [](const RecordedSpike& a, const RecordedSpike& b) {
      return a.step_offset != b.step_offset ? a.step_offset < b.step_offset : a.global_neuron < b.global_neuron;
    });
    // Each population's spikes of the batch in one call, in time order, as the CPU engine reports them
    // (a call per step and population would cost a background recorder more than its writing).
    population_steps_.resize(net_.populations.size());
    population_ids_.resize(net_.populations.size());
    for (auto& steps : population_steps_) steps.clear();
    for (auto& ids : population_ids_) ids.clear();
    for (const RecordedSpike& spike : host_recorded_) {
      const uint32_t p = static_cast<uint32_t>(
          std::upper_bound(network_->population_offsets.begin(), network_->population_offsets.end(), spike.global_neuron) -
          network_->population_offsets.begin() - 1);
      population_steps_[p].push_back(step_ + spike.step_offset);
      population_ids_[p].push_back(spike.global_neuron - network_->population_offsets[p]);
    }
    for (uint32_t p = 0; p < net_.populations.size(); ++p)
      if (!population_ids_[p].empty())
        observer.on_spikes(p, population_steps_[p].data(), population_ids_[p].data(), population_ids_[p].size());
    for (uint32_t offset = 0; offset < batch; ++offset) {
      size_t column = 0;
      for (size_t q = 0; q < options_.state_probes.size(); ++q) {
        const StateProbe& probe = options_.state_probes[q];
        if ((step_ + offset + 1) % probe.interval_steps == 0)
          observer.on_state(q, step_ + offset, host_probes_.data() + size_t(offset) * outputs_->probe_width + column);
        column += probe.neurons.size();
      }
    }
    observer.on_spikes_through(step_ + batch - 1);
    for (const size_t k : weights_sampled_[set]) {
      host_weights_.resize(weight_output_[set][k].size());
      SNN_CUDA_CHECK(cudaMemcpyAsync(host_weights_.data(), raw(weight_output_[set][k]), host_weights_.size() * sizeof(float),
                                     cudaMemcpyDeviceToHost, copy_stream_));
      SNN_CUDA_CHECK(cudaStreamSynchronize(copy_stream_));
      observer.on_weights(k, step_ + batch - 1, host_weights_.data(), host_weights_.size());
    }
    weights_sampled_[set].clear();
  }

  Network net_;
  EngineOptions options_;
  cudaStream_t stream_{}, copy_stream_{};
  cudaEvent_t batch_done_[2]{};
  uint64_t step_ = 0;
  std::unique_ptr<cuda::DeviceNetwork> network_;
  std::unique_ptr<cuda::StepOutputs> outputs_;
  std::unique_ptr<cuda::StepRunner> runner_;
  std::string scheme_reason_;  // why choose_step_scheme took the scheme
  std::deque<thrust::device_vector<uint64_t>> weight_synapses_;  // per weight probe (empty: all)
  std::deque<thrust::device_vector<float>> weight_output_[2];    // per output set and weight probe
  std::vector<size_t> weights_sampled_[2];                        // probes sampled after that set's batch
  std::vector<float> host_weights_;
  std::vector<RecordedSpike> host_recorded_;
  std::vector<float> host_probes_;
  std::vector<std::vector<uint64_t>> population_steps_;  // a batch's recorded spikes by population
  std::vector<std::vector<uint32_t>> population_ids_;
};

}  // namespace

// Why no GPU can be used, in words: CUDA's own message for a machine without a driver ("CUDA driver
// version is insufficient for CUDA runtime version") reads like a request to update a driver.
bool cuda_device_available(std::string* reason) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status == cudaSuccess && count > 0) return true;
  if (reason == nullptr) return false;
  if (status == cudaErrorInsufficientDriver)
    *reason = "no NVIDIA driver is loaded on this machine (or it is older than the CUDA " + std::to_string(CUDART_VERSION / 1000) +
              " runtime this build uses), so no GPU can be used";
  else if (status == cudaErrorNoDevice || status == cudaSuccess)
    *reason = "the NVIDIA driver finds no GPU on this machine";
  else
    *reason = std::string("no GPU can be used: ") + cudaGetErrorString(status);
  return false;
}

uint64_t gpu_free_bytes() {
  size_t free_bytes = 0, total_bytes = 0;
  if (cudaMemGetInfo(&free_bytes, &total_bytes) != cudaSuccess) return 0;
  return free_bytes > kGpuWorkingSpace ? free_bytes - kGpuWorkingSpace : 0;
}

void check_gpu_memory(uint64_t bytes, uint64_t synapses) {
  size_t free_bytes = 0, total_bytes = 0;
  SNN_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  const uint64_t needed = bytes + kGpuWorkingSpace;
  if (needed <= free_bytes) return;
  const double per_synapse = static_cast<double>(needed) / std::max<uint64_t>(1, synapses);
  char message[512];
  std::snprintf(message, sizeof message,
                "the network needs %.2f GiB of GPU memory and %.2f GiB of %.2f GiB are free; at %.1f bytes per "
                "synapse about %.3g synapses fit, the network has %.3g (about %.0f%% of it would fit)",
                needed / 1073741824.0, free_bytes / 1073741824.0, total_bytes / 1073741824.0, per_synapse,
                free_bytes / per_synapse, static_cast<double>(synapses), 100.0 * free_bytes / needed);
  throw std::runtime_error(message);
}

std::unique_ptr<Engine> make_cuda_engine(Network network, EngineOptions options) {
  return std::make_unique<CudaEngine>(std::move(network), std::move(options));
}

}  // namespace snn

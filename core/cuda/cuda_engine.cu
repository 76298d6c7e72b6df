// The CUDA engine: the network's arrays in device memory; a batch of steps either as one persistent
// kernel (fused_step_kernel.cuh), as one kernel a step that delivers the previous step's spikes beside
// the neuron update (overlapped_step_kernel.cuh), or as two kernels a step (neurons, delivery), the
// latter two captured once as a CUDA graph and replayed; the host touched only between batches to
// collect recorded spikes and probed state.
#include <thrust/device_vector.h>
#include <thrust/gather.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <memory>
#include <vector>

#include "core/connectivity.hpp"
#include "core/cuda/cuda_check.hpp"
#include "core/cuda/device_incoming_synapses.cuh"
#include "core/cuda/device_synapse_builder.cuh"
#include "core/cuda/fused_step_kernel.cuh"
#include "core/cuda/overlapped_step_kernel.cuh"
#include "core/cuda/overlapped_tables.cuh"
#include "core/cuda/step_kernels.cuh"
#include "core/cuda/step_scheme.hpp"
#include "core/engine.hpp"
#include "core/view_builder.hpp"

namespace snn {
namespace {

using cuda::DevicePopulation;
using cuda::DeviceProbe;
using cuda::DeliveryChunk;
using cuda::DeviceProjection;
using cuda::RecordedSpike;

constexpr uint32_t kNeuronBlock = cuda::kFusedBlock;
constexpr uint32_t kMaxBatchSteps = kGpuMaxBatchSteps;
constexpr uint64_t kGpuWorkingSpace = uint64_t(256) << 20;  // CUDA's own working space and graphs

template <typename T>
T* raw(thrust::device_vector<T>& v) {
  return thrust::raw_pointer_cast(v.data());
}

// Owns the device copies of host vectors: the view builder's `place` for this engine.
class DeviceArrays {
 public:
  template <typename T>
  T* operator()(std::vector<T>& values) {
    auto copy = std::make_shared<thrust::device_vector<T>>(values.begin(), values.end());
    keep_.push_back(copy);
    bytes_ += values.size() * sizeof(T);
    return raw(*copy);
  }
  uint64_t bytes() const { return bytes_; }

 private:
  std::vector<std::shared_ptr<void>> keep_;
  uint64_t bytes_ = 0;
};

class CudaEngine : public Engine {
 public:
  CudaEngine(Network network, EngineOptions options) : net_(std::move(network)), options_(std::move(options)) {
    options_.record_spikes.resize(net_.populations.size(), false);
    SNN_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
    SNN_CUDA_CHECK(cudaStreamCreateWithFlags(&copy_stream_, cudaStreamNonBlocking));
    for (cudaEvent_t& event : batch_done_) SNN_CUDA_CHECK(cudaEventCreateWithFlags(&event, cudaEventDisableTiming));
    upload();
  }
  ~CudaEngine() override {
    for (auto& entry : graphs_) cudaGraphExecDestroy(entry.second);
    for (cudaEvent_t event : batch_done_) cudaEventDestroy(event);
    cudaStreamDestroy(copy_stream_);
    cudaStreamDestroy(stream_);
  }

  uint64_t current_step() const override { return step_; }
  const char* backend_name() const override { return "cuda"; }
  std::string device_name() const override {
    cudaDeviceProp properties{};
    int device = 0;
    cudaGetDevice(&device);
    cudaGetDeviceProperties(&properties, device);
    const std::string why = "; chosen: " + scheme_reason_ + ")";
    if (fused_blocks_ > 0) return std::string(properties.name) + " (fused kernel, " + std::to_string(fused_blocks_) + " blocks" + why;
    return std::string(properties.name) + (overlapped_ ? " (one kernel a step, delivery overlapped, in CUDA graphs"
                                                       : " (two kernels a step in CUDA graphs") + why;
  }
  uint64_t synapse_count() const override { return synapse_count_; }
  std::vector<ProjectionCounts> projection_counts() const override {
    std::vector<unsigned long long> events(projection_events_.size());
    thrust::copy(projection_events_.begin(), projection_events_.end(), events.begin());
    std::vector<ProjectionCounts> counts(net_.projections.size());
    for (size_t j = 0; j < counts.size(); ++j) counts[j] = ProjectionCounts{projection_synapses_[j], events[j]};
    return counts;
  }
  SynapseTable synapse_table(size_t projection) const override {
    const DeviceProjection& d = device_projections_.at(projection);
    return cuda::copy_synapses_to_host(d.row_offsets, net_.populations[net_.projections[projection].source].size,
                                       d.targets, d.weights, d.delay_steps, d.narrow_delay_steps);
  }
  uint64_t memory_bytes() const override {
    static_assert(sizeof(RecordedSpike) == kGpuRecordedSpikeBytes, "memory estimates count 8 bytes a spike record");
    return arrays_.bytes() + table_bytes_ + 2 * recorded_[0].size() * sizeof(RecordedSpike) + chunks_.size() * sizeof(DeliveryChunk) +
           2 * probe_output_[0].size() * sizeof(float);
  }

  // Batch n+1 is queued before the host reads batch n's spikes, so the GPU never waits for the host.
  void run(uint64_t steps, RunObserver& observer) override {
    const uint64_t first = step_, last = step_ + steps;
    uint64_t launched = step_;
    uint32_t pending = 0;  // steps of the batch launched but not yet collected
    int launch_set = 0, collect_set = 0;  // output sets alternate between consecutive batches
    while (step_ < last) {
      uint32_t next = 0;
      if (launched < last) {
        next = static_cast<uint32_t>(std::min<uint64_t>({batch_steps_, last - launched, steps_to_weight_sample(launched)}));
        launch_batch(next, launch_set);
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
    }
  }

 private:
  void upload() {
    uint64_t recorded = 0;
    for (size_t p = 0; p < net_.populations.size(); ++p)
      if (options_.record_spikes[p]) recorded += net_.populations[p].size;
    // Deferred synapses: 8 bytes each for target and weight, and one or two for the delay (one where
    // the delay's distribution cannot exceed 255 steps); while they are built, the builder's bounded
    // working space.
    double deferred_bytes = 0, deferred = 0;
    uint64_t working = 0;
    for (const Projection& proj : net_.projections)
      if (proj.deferred) {
        const DeferredSynapses& d = *proj.deferred;
        const double count = expected_synapse_count(d.connector, d.source_count, d.target_count, d.target_area());
        const double longest_ms = d.delay_ms.kind == SimpleDistribution::kConstant ? d.delay_ms.value : d.delay_ms.high;
        deferred += count;
        deferred_bytes += count * (gpu_synapse_bytes(longest_ms, d.dt_ms) +
                                   (proj.plasticity ? gpu_learning_bytes_per_synapse(plasticity_rule_info(proj.plasticity->id).modulated) : 0.0));
        working = std::max<uint64_t>(working, kBuildWorkingBytes + 4 * uint64_t(d.source_count));
      }
    const double queue = delivery_queue_chunks(static_cast<double>(net_.synapse_count()) + deferred);
    check_gpu_memory(net_.state_bytes() + static_cast<uint64_t>(deferred_bytes + sizeof(DeliveryChunk) * queue) + working +
                         static_cast<uint64_t>(gpu_recording_bytes(recorded)),
                     net_.synapse_count() + static_cast<uint64_t>(deferred));
    build_deferred_synapses();
    std::vector<DevicePopulation> populations;
    std::vector<InputView> inputs;
    uint32_t blocks = 0, global_offset = 0, recorded_neurons = 0;
    for (uint32_t p = 0; p < net_.populations.size(); ++p) {
      Population& pop = net_.populations[p];
      if (pop.ports.size() > kMaxPortsPerPopulation)
        throw std::invalid_argument("population '" + pop.name + "' has more synapse kinds than the CUDA engine supports");
      DevicePopulation d{};
      d.view = make_population_view(pop, net_.seed, p, arrays_);
      d.first_block = blocks;
      d.input_begin = static_cast<uint32_t>(inputs.size());
      for (Input& in : net_.inputs)
        if (in.target == p) inputs.push_back(make_input_view(in, pop.size, net_.seed, arrays_));
      d.input_count = static_cast<uint32_t>(inputs.size()) - d.input_begin;
      d.global_offset = global_offset;
      d.record = options_.record_spikes[p];
      d.spike_steps = pop.last_spike_step.empty() ? nullptr : arrays_(pop.last_spike_step);
      spike_steps_.push_back(d.spike_steps);
      if (pop.kind == PopulationKind::kSpikeSourceArray) {
        d.scheduled_steps = pop.scheduled_steps.empty() ? nullptr : arrays_(pop.scheduled_steps);
        d.scheduled_neurons = pop.scheduled_neurons.empty() ? nullptr : arrays_(pop.scheduled_neurons);
        d.scheduled_count = static_cast<uint32_t>(pop.scheduled_steps.size());
      }
      populations.push_back(d);
      first_blocks_.push_back(blocks);
      population_offsets_.push_back(global_offset);
      blocks += pop.kind == PopulationKind::kSpikeSourceArray ? 1 : (pop.size + kNeuronBlock - 1) / kNeuronBlock;
      global_offset += pop.size;
      if (d.record) recorded_neurons += pop.size;
    }
    neuron_blocks_ = blocks;
    inputs_ = thrust::device_vector<InputView>(inputs.begin(), inputs.end());

    // The delivery kernel keeps one word per projection in shared memory.
    if (net_.projections.size() + 1 > 12000)
      throw std::invalid_argument("the CUDA engine supports up to 11999 projections, this network has " +
                                  std::to_string(net_.projections.size()));
    std::vector<DeviceProjection> projections;
    for (size_t j = 0; j < net_.projections.size(); ++j) {
      Projection& proj = net_.projections[j];
      const PopulationView& target = populations[proj.target].view;
      DeviceProjection d{nullptr, nullptr, nullptr, nullptr, nullptr, target.ports[proj.target_port].ring, target.ring_slots, target.size};
      if (proj.deferred) {
        cuda::DeviceSynapseTable& t = device_tables_[j];
        d.row_offsets = raw(t.row_offsets);
        d.targets = raw(t.targets);
        d.weights = raw(t.weights);
        d.delay_steps = t.delay_steps.empty() ? nullptr : raw(t.delay_steps);
        d.narrow_delay_steps = t.narrow_delay_steps.empty() ? nullptr : raw(t.narrow_delay_steps);
        projections.push_back(d);
        continue;
      }
      SynapseTable& t = proj.synapses;
      synapse_count_ += t.size();
      projection_synapses_[j] = t.size();
      d.row_offsets = arrays_(t.row_offsets);
      d.targets = t.targets.empty() ? nullptr : arrays_(t.targets);
      d.weights = t.weights.empty() ? nullptr : arrays_(t.weights);
      d.delay_steps = t.delay_steps.empty() ? nullptr : arrays_(t.delay_steps);
      projections.push_back(d);
      // The host keeps no copy of what now lives on the device.
      std::vector<uint32_t>().swap(t.targets);
      std::vector<float>().swap(t.weights);
      std::vector<uint16_t>().swap(t.delay_steps);
    }
    upload_learning(projections);
    int device = 0, processors = 0;
    SNN_CUDA_CHECK(cudaGetDevice(&device));
    SNN_CUDA_CHECK(cudaDeviceGetAttribute(&processors, cudaDevAttrMultiProcessorCount, device));
    OverlappedPlan plan;
    const StepChoice choice = choose_step_scheme(measure_shape(projections, device, processors, plan));
    fused_blocks_ = choice.fused_blocks;
    overlapped_ = choice.scheme == StepScheme::kOverlapped;
    scheme_reason_ = choice.reason;
    if (overlapped_) build_overlapped_tables(plan);
    projections_ = thrust::device_vector<DeviceProjection>(projections.begin(), projections.end());
    device_projections_ = projections;
    std::vector<uint32_t> outgoing;
    for (uint32_t p = 0; p < populations.size(); ++p) {
      populations[p].outgoing_begin = static_cast<uint32_t>(outgoing.size());
      for (uint32_t j = 0; j < net_.projections.size(); ++j)
        if (net_.projections[j].source == p) outgoing.push_back(j);
      populations[p].outgoing_count = static_cast<uint32_t>(outgoing.size()) - populations[p].outgoing_begin;
      for (uint32_t o = 0; o < populations[p].outgoing_count && o < cuda::kOutgoingInline; ++o) {
        const uint32_t j = outgoing[populations[p].outgoing_begin + o];
        populations[p].outgoing[o] = cuda::OutgoingRows{projections[j].row_offsets, j, 0};
      }
    }
    outgoing_ = thrust::device_vector<uint32_t>(outgoing.begin(), outgoing.end());
    populations_ = thrust::device_vector<DevicePopulation>(populations.begin(), populations.end());

    std::vector<DeviceProbe> probes;
    uint32_t width = 0;
    for (StateProbe& probe : options_.state_probes) {
      probe_neurons_.emplace_back(probe.neurons.begin(), probe.neurons.end());
      // The variable's array, by its slot in the population's model (the loader checked the name).
      const Population& pop = net_.populations[probe.population];
      const float* variable = populations[probe.population].view.neuron.values[neuron_model_info(pop.neuron_model).slot(probe.variable)];
      probes.push_back(DeviceProbe{variable, raw(probe_neurons_.back()), static_cast<uint32_t>(probe.neurons.size()), width});
      width += static_cast<uint32_t>(probe.neurons.size());
    }
    probe_width_ = width;
    probes_ = thrust::device_vector<DeviceProbe>(probes.begin(), probes.end());
    for (const WeightProbe& probe : options_.weight_probes) {
      for (const uint64_t k : probe.synapses)  // synapses built here were not known when the probe was made
        if (k >= projection_synapses_[probe.projection])
          throw std::invalid_argument("record.weights: projection '" + net_.projections[probe.projection].name + "' has " +
                                      std::to_string(projection_synapses_[probe.projection]) + " synapses, no synapse " +
                                      std::to_string(k));
      weight_synapses_.emplace_back(probe.synapses.begin(), probe.synapses.end());
      const size_t width = probe.synapses.empty() ? projection_synapses_[probe.projection] : probe.synapses.size();
      for (auto& set : weight_output_) set.emplace_back(width);
    }

    // A batch never records more spikes than fit: each neuron fires at most once a step.
    batch_steps_ = kMaxBatchSteps;
    if (recorded_neurons > 0)
      batch_steps_ = static_cast<uint32_t>(std::clamp<size_t>(
          kGpuRecordingBytes / (sizeof(RecordedSpike) * recorded_neurons), 1, kMaxBatchSteps));
    for (int b = 0; b < 2; ++b) {
      recorded_[b].resize(std::max<size_t>(1, size_t(batch_steps_) * recorded_neurons));
      recorded_count_[b].resize(1, 0);
      probe_output_[b].resize(std::max<size_t>(1, size_t(batch_steps_) * probe_width_));
    }
    base_step_.resize(1, 0);
    // One resident wave of delivery blocks: 1 to 16 blocks per SM measured the same on the H100
    // (docs/benchmarks.md); a step's chunks are spread over them. The overlapped step takes what its
    // neuron blocks leave of one wave (at least one block an SM), so that both run at once.
    delivery_blocks_ = static_cast<uint32_t>(processors) * 8;
    if (overlapped_) {
      const uint32_t resident = overlapped_wave(static_cast<uint32_t>(processors));
      delivery_blocks_ = std::max<uint32_t>(processors, resident > neuron_blocks_ ? resident - neuron_blocks_ : 0);
      if (options_.cuda_blocks > 0) delivery_blocks_ = options_.cuda_blocks;
    }
    int major = 0;
    SNN_CUDA_CHECK(cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device));
    overlapped_launches_ = major >= 9;
    barriers_passed_.resize(std::max<uint32_t>(1, fused_blocks_), 0);
    chunk_counts_.resize(3, 0);
    if (fused_blocks_ == 0 && net_.projections.size() >= cuda::kMaxQueuedProjections)
      throw std::invalid_argument("the CUDA engine's two-kernel steps take at most " +
                                  std::to_string(cuda::kMaxQueuedProjections - 1) + " projections; the network has " +
                                  std::to_string(net_.projections.size()));
    if (fused_blocks_ == 0)
      chunks_.resize(static_cast<size_t>(overlapped_ ? overlapped_chunks_
                                                     : delivery_queue_chunks(static_cast<double>(synapse_count_))) *
                     chunk_sets());
    SNN_CUDA_CHECK(cudaDeviceSynchronize());
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
      const float* weights = device_projections_[probe.projection].weights;
      thrust::device_vector<float>& out = weight_output_[set][k];
      if (probe.synapses.empty())
        SNN_CUDA_CHECK(cudaMemcpyAsync(raw(out), weights, out.size() * sizeof(float), cudaMemcpyDeviceToDevice, stream_));
      else
        thrust::gather(thrust::cuda::par_nosync.on(stream_), weight_synapses_[k].begin(), weight_synapses_[k].end(),
                       thrust::device_pointer_cast(weights), out.begin());
      weights_sampled_[set].push_back(k);
    }
  }

  // The modulators, and the state of every plastic projection (its table already on the device, in
  // `projections`, whose entries are pointed to their learning state).
  void upload_learning(std::vector<DeviceProjection>& projections) {
    std::vector<ModulatorView> modulators;
    for (Modulator& m : net_.modulators) modulators.push_back(make_modulator_view(m, spike_steps_, net_.seed, arrays_));
    modulators_ = thrust::device_vector<ModulatorView>(modulators.begin(), modulators.end());
    std::vector<ReadoutErrorView> errors;
    for (ReadoutError& r : net_.readout_errors)
      errors.push_back(make_readout_error_view(r, spike_steps_, raw(modulators_), arrays_));
    readout_errors_ = thrust::device_vector<ReadoutErrorView>(errors.begin(), errors.end());
    std::vector<cuda::DevicePlasticity> plastic;
    uint32_t warps = 0;
    for (size_t j = 0; j < net_.projections.size(); ++j) {
      Projection& proj = net_.projections[j];
      if (!proj.plasticity) continue;
      const uint32_t sources = net_.populations[proj.source].size, targets = net_.populations[proj.target].size;
      const PlasticityRuleInfo& rule = plasticity_rule_info(proj.plasticity->id);
      cuda::DevicePlasticity d{};
      d.rule = *proj.plasticity;
      d.weights = const_cast<float*>(projections[j].weights);
      const uint64_t synapses = projection_synapses_[j];
      if (rule.modulated) {
        d.eligibility = raw(learning_arrays_.emplace_back(synapses, 0.0f));
        table_bytes_ += synapses * sizeof(float);
      }
      d.row_offsets = projections[j].row_offsets;
      d.targets = projections[j].targets;
      d.source_count = sources;
      d.target_count = targets;
      d.source_spike_steps = spike_steps_[proj.source];
      d.target_spike_steps = spike_steps_[proj.target];
      for (int parity = 0; parity < 2; ++parity) {
        std::vector<float> pre(size_t(sources) * rule.pre_traces, 0.0f), post(size_t(targets) * rule.post_traces, 0.0f);
        d.pre_trace[parity] = arrays_(pre);
        d.post_trace[parity] = arrays_(post);
      }
      if (!rule.modulated) {
        cuda::DeviceIncomingSynapses& in = incoming_.emplace_back(
            cuda::index_incoming_on_device(d.row_offsets, d.targets, synapses, sources, targets));
        d.incoming_offsets = raw(in.offsets);
        d.incoming_synapses = raw(in.synapses);
        d.incoming_sources = raw(in.sources);
        table_bytes_ += (in.offsets.size() + in.synapses.size()) * 8 + in.sources.size() * 4;
      } else if (proj.plasticity->third_factor.per_target) {
        d.target_modulator = errors[proj.plasticity->third_factor.index].value;
      } else {
        d.modulator = raw(modulators_) + proj.plasticity->third_factor.index;
      }
      d.first_trace_warp = warps;
      d.trace_warps = (std::max(sources, targets) + cuda::kWarp - 1) / cuda::kWarp;
      warps += d.trace_warps;
      d.first_row_warp = warps;
      d.row_warps = rule.modulated ? sources : 0;
      warps += d.row_warps;
      plastic.push_back(d);
    }
    plasticity_warps_ = warps;
    plasticity_ = thrust::device_vector<cuda::DevicePlasticity>(plastic.begin(), plastic.end());
    for (size_t j = 0, q = 0; j < net_.projections.size(); ++j)
      if (net_.projections[j].plasticity) projections[j].plasticity = raw(plasticity_) + q++;
  }

  // The most chunks a step can queue with `synapses` in the network: every neuron fires, each of its
  // rows in whole chunks.
  double delivery_queue_chunks(double synapses) const {
    double chunks = 1 + std::ceil(synapses / cuda::kChunkSynapses);
    for (const Projection& proj : net_.projections) chunks += net_.populations[proj.source].size;
    return chunks;
  }

  double mean_row_length() const {
    return static_cast<double>(synapse_count_) / std::max<uint64_t>(1, net_.neuron_count());
  }

  // How many blocks of the overlapped kernel the GPU holds at once.
  static uint32_t overlapped_wave(uint32_t processors) {
    int per_processor = 0;
    SNN_CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_processor, cuda::overlapped_step_kernel,
                                                                 cuda::kDeliveryBlock, 0));
    return static_cast<uint32_t>(per_processor) * processors;
  }

  // What the overlapped step's tables would be (overlapped_tables.cuh): each projection's chunk slots
  // a spike, and each population's one-step rows with their merged width.
  struct OverlappedPlan {
    std::vector<uint32_t> slots;
    std::vector<std::vector<cuda::OutgoingTable>> one_step;
    std::vector<uint32_t> widths;
    double chunks = 1;
  };

  // The network's shape and the device's capabilities, as choose_step_scheme reads them; for a network
  // the overlapped step could run, its tables measured (not built) into `plan`.
  StepShape measure_shape(const std::vector<DeviceProjection>& projections, int device, int processors, OverlappedPlan& plan) {
    StepShape s;
    s.requested = options_.cuda_kernel;
    s.requested_blocks = options_.cuda_blocks;
    s.learns = !plasticity_.empty() || !net_.modulators.empty() || !net_.readout_errors.empty();
    s.has_projections = !projections.empty();
    s.neuron_blocks = neuron_blocks_;
    s.mean_row_length = mean_row_length();
    s.processors = static_cast<uint32_t>(processors);
    int cooperative = 0, fused_per_processor = 0, overlapped_per_processor = 0;
    SNN_CUDA_CHECK(cudaDeviceGetAttribute(&cooperative, cudaDevAttrCooperativeLaunch, device));
    SNN_CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&fused_per_processor, cuda::fused_steps_kernel, kNeuronBlock, 0));
    SNN_CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&overlapped_per_processor, cuda::overlapped_step_kernel,
                                                                 cuda::kDeliveryBlock, 0));
    s.cooperative_launch = cooperative != 0;
    s.fused_blocks_per_processor = static_cast<uint32_t>(fused_per_processor);
    s.overlapped_blocks_per_processor = static_cast<uint32_t>(overlapped_per_processor);
    const bool candidate = s.has_projections && !s.learns && s.requested != CudaStepKernel::kGraph &&
                           s.requested != CudaStepKernel::kFused;
    if (candidate) s.overlapped_limit = measure_overlapped(projections, plan, s);
    return s;
  }

  // Each population's outgoing projections in the kernel's order (ascending), those with one-step
  // synapses listed for its merged rows, and each projection's chunk slots a spike; returns what limit
  // of the overlapped step the network exceeds ("" when none).
  std::string measure_overlapped(const std::vector<DeviceProjection>& projections, OverlappedPlan& plan, StepShape& s) {
    std::vector<uint32_t> outgoing_count(net_.populations.size(), 0);
    plan.slots.assign(projections.size(), 0);
    plan.one_step.assign(net_.populations.size(), {});
    for (size_t j = 0; j < projections.size(); ++j) {
      const Projection& proj = net_.projections[j];
      const DeviceProjection& d = projections[j];
      const uint32_t sources = net_.populations[proj.source].size;
      if (outgoing_count[proj.source] == cuda::kOneStepOutgoing)
        return "takes at most " + std::to_string(cuda::kOneStepOutgoing) + " outgoing projections a population";
      if (net_.populations[proj.target].size >= (1u << cuda::kOneStepTargetBits))
        return "takes target populations of fewer than 2^" + std::to_string(cuda::kOneStepTargetBits) + " neurons";
      const uint64_t longest = cuda::longest_row(d.row_offsets, sources);
      if (longest >= (uint64_t(1) << 32)) return "takes rows of fewer than 2^32 synapses";
      plan.slots[j] = static_cast<uint32_t>((longest + cuda::kChunkSynapses - 1) / cuda::kChunkSynapses);
      plan.chunks += static_cast<double>(sources) * plan.slots[j];
      const uint32_t place = outgoing_count[proj.source]++;
      if (cuda::count_one_step_synapses(d.delay_steps, d.narrow_delay_steps, projection_synapses_[j]) > 0)
        plan.one_step[proj.source].push_back(cuda::OutgoingTable{place, d.row_offsets, d.targets, d.weights, d.delay_steps,
                                                                 d.narrow_delay_steps, projection_synapses_[j]});
    }
    plan.widths.assign(net_.populations.size(), 0);
    double entries = 0;
    for (size_t p = 0; p < net_.populations.size(); ++p) {
      plan.widths[p] = cuda::one_step_width(net_.populations[p].size, plan.one_step[p]);
      entries += static_cast<double>(net_.populations[p].size) * plan.widths[p];
    }
    s.plain_chunks = delivery_queue_chunks(static_cast<double>(synapse_count_));
    s.overlapped_chunks = plan.chunks;
    s.overlapped_table_bytes =
        sizeof(DeliveryChunk) * std::max(0.0, 2 * plan.chunks - s.plain_chunks) + sizeof(cuda::OneStepEntry) * entries;
    s.free_bytes = static_cast<double>(gpu_free_bytes());
    s.widest_one_step_row = *std::max_element(plan.widths.begin(), plan.widths.end());
    return "";
  }

  // The overlapped step's tables, once it is chosen.
  void build_overlapped_tables(const OverlappedPlan& plan) {
    std::vector<cuda::OneStepRows> views(net_.populations.size(), cuda::OneStepRows{nullptr, 0});
    for (size_t p = 0; p < net_.populations.size(); ++p) {
      if (plan.widths[p] == 0) continue;
      one_step_entries_.push_back(cuda::merge_one_step_rows(net_.populations[p].size, plan.widths[p], plan.one_step[p]));
      views[p] = cuda::OneStepRows{raw(one_step_entries_.back()), plan.widths[p]};
      table_bytes_ += one_step_entries_.back().size() * sizeof(cuda::OneStepEntry);
    }
    one_step_rows_ = thrust::device_vector<cuda::OneStepRows>(views.begin(), views.end());
    chunk_slots_ = thrust::device_vector<uint32_t>(plan.slots.begin(), plan.slots.end());
    overlapped_chunks_ = plan.chunks;
  }

  void launch_batch(uint32_t count, int set) {
    if (fused_blocks_ == 0) {
      SNN_CUDA_CHECK(cudaGraphLaunch(graph_for(count, set), stream_));
      return;
    }
    cuda::FusedStep step{raw(populations_), raw(inputs_),         raw(projections_), raw(outgoing_),
                         buffers(set),      raw(probes_),         static_cast<uint32_t>(probes_.size()),
                         raw(probe_output_[set]), probe_width_,   neuron_blocks_,    static_cast<float>(net_.dt_ms),
                         cuda::GridBarrier{raw(barriers_passed_)}};
    void* arguments[] = {&step, &count};
    SNN_CUDA_CHECK(cudaLaunchCooperativeKernel(reinterpret_cast<const void*>(cuda::fused_steps_kernel), dim3(fused_blocks_),
                                               dim3(kNeuronBlock), arguments, 0, stream_));
  }

  // Sets of the chunk array: the overlapped step queues one step while it delivers the one before.
  uint32_t chunk_sets() const { return overlapped_ ? 2 : 1; }

  cuda::StepBuffers buffers(int set) {
    cuda::StepBuffers b{raw(base_step_),           chunks_.empty() ? nullptr : raw(chunks_),
                        static_cast<uint32_t>(chunks_.size() / chunk_sets()),
                        raw(chunk_counts_),        raw(recorded_[set]),
                        raw(recorded_count_[set]), raw(projection_events_),
                        static_cast<uint32_t>(net_.populations.size()),
                        modulators_.empty() ? nullptr : raw(modulators_),
                        static_cast<uint32_t>(modulators_.size()),
                        readout_errors_.empty() ? nullptr : raw(readout_errors_),
                        static_cast<uint32_t>(readout_errors_.size()), {}};
    for (size_t p = 0; p < first_blocks_.size() && p < cuda::kPopulationsInParameters; ++p) b.first_block[p] = first_blocks_[p];
    return b;
  }

  // Builds the deferred projections' synapses in device memory, then sizes each target population's
  // delay rings for the longest delay drawn there.
  void build_deferred_synapses() {
    device_tables_.resize(net_.projections.size());
    projection_synapses_.assign(net_.projections.size(), 0);
    projection_events_.assign(std::max<size_t>(1, net_.projections.size()), 0);
    for (size_t j = 0; j < net_.projections.size(); ++j) {
      const Projection& proj = net_.projections[j];
      if (!proj.deferred) continue;
      device_tables_[j] = cuda::build_device_synapses(*proj.deferred);
      const cuda::DeviceSynapseTable& t = device_tables_[j];
      synapse_count_ += t.size();
      projection_synapses_[j] = t.size();
      table_bytes_ += t.row_offsets.size() * 8 + t.size() * (4 + 4) + t.delay_steps.size() * 2 + t.narrow_delay_steps.size();
      Population& target = net_.populations[proj.target];
      target.ring_slots = std::max(target.ring_slots, t.longest_delay + 1);
    }
    for (Population& pop : net_.populations)
      for (SynapticPort& port : pop.ports) port.ring.assign(static_cast<size_t>(pop.ring_slots) * pop.size, 0);
  }

  // The kernels of `count` steps, in order, on the engine's stream, recording into output set `set`.
  void enqueue_steps(uint32_t count, int set) {
    const cuda::StepBuffers buffers = this->buffers(set);
    const float dt = static_cast<float>(net_.dt_ms);
    if (overlapped_) {
      // Step k's kernel delivers step k - 1; the last launch delivers the batch's last step alone.
      for (uint32_t k = 0; k <= count; ++k) {
        const uint32_t neuron_blocks = k < count ? neuron_blocks_ : 0;
        launch_overlapped(cuda::overlapped_step_kernel, neuron_blocks + delivery_blocks_, cuda::kDeliveryBlock,
                          raw(populations_), raw(inputs_), raw(projections_),
                          static_cast<uint32_t>(projections_.size()), raw(outgoing_),
                          static_cast<const uint32_t*>(raw(chunk_slots_)),
                          static_cast<const cuda::OneStepRows*>(raw(one_step_rows_)), buffers, neuron_blocks, k, dt);
        if (k < count && !probes_.empty())
          cuda::probe_kernel<<<4, 256, 0, stream_>>>(raw(probes_), static_cast<uint32_t>(probes_.size()),
                                                     raw(probe_output_[set]), probe_width_, k);
      }
      cuda::advance_kernel<<<1, 1, 0, stream_>>>(raw(base_step_), raw(chunk_counts_), count);
      SNN_CUDA_CHECK(cudaGetLastError());
      return;
    }
    for (uint32_t k = 0; k < count; ++k) {
      launch_overlapped(cuda::neuron_step_kernel, neuron_blocks_, kNeuronBlock, raw(populations_), raw(inputs_),
                        raw(projections_), raw(outgoing_), buffers, k, dt);
      if (!projections_.empty())
        launch_overlapped(cuda::deliver_kernel, delivery_blocks_, cuda::kDeliveryBlock, raw(projections_),
                          static_cast<uint32_t>(projections_.size()), buffers, k);
      if (!plasticity_.empty())
        launch_overlapped(cuda::plasticity_kernel,
                          (plasticity_warps_ * cuda::kWarp + cuda::kPlasticityBlock - 1) / cuda::kPlasticityBlock,
                          cuda::kPlasticityBlock, static_cast<const cuda::DevicePlasticity*>(raw(plasticity_)),
                          static_cast<uint32_t>(plasticity_.size()), static_cast<const uint64_t*>(raw(base_step_)), k);
      if (!probes_.empty())
        cuda::probe_kernel<<<4, 256, 0, stream_>>>(raw(probes_), static_cast<uint32_t>(probes_.size()),
                                                   raw(probe_output_[set]), probe_width_, k);
    }
    cuda::advance_kernel<<<1, 1, 0, stream_>>>(raw(base_step_), raw(chunk_counts_), count);
    SNN_CUDA_CHECK(cudaGetLastError());
  }

  // Launches a step kernel that may start while the kernel before it finishes (dependent_launch.cuh),
  // on GPUs that offer it; captured into a graph, the launch becomes a programmatic dependency.
  template <typename... Parameters, typename... Arguments>
  void launch_overlapped(void (*kernel)(Parameters...), uint32_t grid, uint32_t block, Arguments... arguments) {
    cudaLaunchAttribute overlap{};
    overlap.id = cudaLaunchAttributeProgrammaticStreamSerialization;
    overlap.val.programmaticStreamSerializationAllowed = 1;
    cudaLaunchConfig_t config{};
    config.gridDim = dim3(grid);
    config.blockDim = dim3(block);
    config.stream = stream_;
    config.attrs = &overlap;
    config.numAttrs = overlapped_launches_ ? 1 : 0;
    SNN_CUDA_CHECK(cudaLaunchKernelEx(&config, kernel, arguments...));
  }

  // A batch of `count` steps into output set `set`, as an instantiated graph captured on first use.
  cudaGraphExec_t graph_for(uint32_t count, int set) {
    const uint32_t key = count * 2 + static_cast<uint32_t>(set);
    for (auto& entry : graphs_)
      if (entry.first == key) return entry.second;
    cudaGraph_t graph;
    SNN_CUDA_CHECK(cudaStreamBeginCapture(stream_, cudaStreamCaptureModeThreadLocal));
    enqueue_steps(count, set);
    SNN_CUDA_CHECK(cudaStreamEndCapture(stream_, &graph));
    cudaGraphExec_t exec;
    SNN_CUDA_CHECK(cudaGraphInstantiate(&exec, graph, 0));
    SNN_CUDA_CHECK(cudaGraphDestroy(graph));
    graphs_.emplace_back(key, exec);
    return exec;
  }

  // After the batch in output set `set` (its first step is step_): hand its spikes, sorted as the CPU
  // engine reports them, and its probes to the observer. Copies run on a stream of their own, after
  // that batch only, while the next batch computes.
  void collect(uint32_t batch, int set, RunObserver& observer) {
    SNN_CUDA_CHECK(cudaStreamWaitEvent(copy_stream_, batch_done_[set], 0));
    uint32_t count = 0;
    SNN_CUDA_CHECK(cudaMemcpyAsync(&count, raw(recorded_count_[set]), sizeof count, cudaMemcpyDeviceToHost, copy_stream_));
    SNN_CUDA_CHECK(cudaStreamSynchronize(copy_stream_));
    host_recorded_.resize(count);
    if (count > 0)
      SNN_CUDA_CHECK(cudaMemcpyAsync(host_recorded_.data(), raw(recorded_[set]), count * sizeof(RecordedSpike),
                                     cudaMemcpyDeviceToHost, copy_stream_));
    if (probe_width_ > 0) {
      host_probes_.resize(size_t(batch) * probe_width_);
      SNN_CUDA_CHECK(cudaMemcpyAsync(host_probes_.data(), raw(probe_output_[set]), host_probes_.size() * sizeof(float),
                                     cudaMemcpyDeviceToHost, copy_stream_));
    }
    SNN_CUDA_CHECK(cudaStreamSynchronize(copy_stream_));
    // Ordered on the compute stream before any later batch that records into this set.
    SNN_CUDA_CHECK(cudaMemsetAsync(raw(recorded_count_[set]), 0, sizeof(uint32_t), stream_));
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
          std::upper_bound(population_offsets_.begin(), population_offsets_.end(), spike.global_neuron) -
          population_offsets_.begin() - 1);
      population_steps_[p].push_back(step_ + spike.step_offset);
      population_ids_[p].push_back(spike.global_neuron - population_offsets_[p]);
    }
    for (uint32_t p = 0; p < net_.populations.size(); ++p)
      if (!population_ids_[p].empty())
        observer.on_spikes(p, population_steps_[p].data(), population_ids_[p].data(), population_ids_[p].size());
    for (uint32_t offset = 0; offset < batch; ++offset) {
      size_t column = 0;
      for (size_t q = 0; q < options_.state_probes.size(); ++q) {
        const StateProbe& probe = options_.state_probes[q];
        if ((step_ + offset + 1) % probe.interval_steps == 0)
          observer.on_state(q, step_ + offset, host_probes_.data() + size_t(offset) * probe_width_ + column);
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
  std::string scheme_reason_;  // why choose_step_scheme took the scheme
  uint32_t batch_steps_ = 1, neuron_blocks_ = 0, delivery_blocks_ = 0, fused_blocks_ = 0, probe_width_ = 0;
  bool overlapped_launches_ = false;  // programmatic dependent launch (compute capability 9.0 and later)
  bool overlapped_ = false;          // one kernel a step with the delivery overlapped (else two)
  DeviceArrays arrays_;
  thrust::device_vector<DevicePopulation> populations_;
  thrust::device_vector<InputView> inputs_;
  thrust::device_vector<DeviceProjection> projections_;
  thrust::device_vector<uint32_t> outgoing_;
  thrust::device_vector<DeviceProbe> probes_;
  std::deque<thrust::device_vector<uint32_t>> probe_neurons_;
  // Two sets of batch outputs: the GPU fills one while the host reads the other.
  thrust::device_vector<RecordedSpike> recorded_[2];
  thrust::device_vector<uint32_t> recorded_count_[2];
  thrust::device_vector<float> probe_output_[2];
  std::deque<thrust::device_vector<uint64_t>> weight_synapses_;      // per weight probe (empty: all)
  std::deque<thrust::device_vector<float>> weight_output_[2];        // per output set and weight probe
  std::vector<size_t> weights_sampled_[2];                            // probes sampled after that set's batch
  std::vector<float> host_weights_;
  thrust::device_vector<DeliveryChunk> chunks_;  // one step's delivery work (two-kernel steps only)
  thrust::device_vector<uint32_t> chunk_counts_;
  thrust::device_vector<uint64_t> base_step_;
  thrust::device_vector<unsigned int> barriers_passed_;  // the fused kernel's grid barrier, one per block
  std::vector<DeviceProjection> device_projections_;  // the host's copy of the projection table
  std::vector<uint64_t*> spike_steps_;  // per population: its last spike steps on the device, or null
  std::deque<cuda::DeviceIncomingSynapses> incoming_;     // STDP projections' synapses by target
  std::deque<thrust::device_vector<float>> learning_arrays_;  // three-factor eligibilities
  thrust::device_vector<ModulatorView> modulators_;
  thrust::device_vector<ReadoutErrorView> readout_errors_;
  thrust::device_vector<cuda::DevicePlasticity> plasticity_;
  uint32_t plasticity_warps_ = 0;
  std::vector<std::pair<uint32_t, cudaGraphExec_t>> graphs_;
  std::vector<cuda::DeviceSynapseTable> device_tables_;  // per projection; empty for host-built ones
  // The overlapped step's tables: each population's merged one-step rows, where it has any, their views
  // per population, each projection's chunk slots a spike, and the chunks a step may queue at most.
  std::deque<thrust::device_vector<cuda::OneStepEntry>> one_step_entries_;
  thrust::device_vector<cuda::OneStepRows> one_step_rows_;
  thrust::device_vector<uint32_t> chunk_slots_;
  double overlapped_chunks_ = 0;
  uint64_t synapse_count_ = 0, table_bytes_ = 0;
  std::vector<uint64_t> projection_synapses_;
  thrust::device_vector<unsigned long long> projection_events_;  // per projection (at least one entry)
  std::vector<uint32_t> population_offsets_, first_blocks_;
  std::vector<RecordedSpike> host_recorded_;
  std::vector<float> host_probes_;
  std::vector<std::vector<uint64_t>> population_steps_;  // a batch's recorded spikes by population
  std::vector<std::vector<uint32_t>> population_ids_;
};

}  // namespace

bool cuda_device_available(std::string* reason) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess || count == 0) {
    if (reason) *reason = status != cudaSuccess ? cudaGetErrorString(status) : "no CUDA device";
    return false;
  }
  return true;
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

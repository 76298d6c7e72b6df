// The overlapped scheme: one kernel a step (overlapped_step_kernel.cuh) that delivers the step before
// beside the neuron update, and in a learning network the learning kernel after it, in CUDA graphs.
// Its tables (overlapped_tables.cuh) are built here, from the plan measured before the choice.
#include <algorithm>
#include <deque>
#include <string>

#include "core/cuda/captured_batches.cuh"
#include "core/cuda/cuda_check.hpp"
#include "core/cuda/dependent_launch.cuh"
#include "core/cuda/learning_step.cuh"
#include "core/cuda/overlapped_step_kernel.cuh"
#include "core/cuda/step_runner.cuh"

namespace snn::cuda {
namespace {

template <bool kLearns>
uint32_t blocks_per_processor() {
  int blocks = 0;
  SNN_CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, overlapped_step_kernel<kLearns>, kDeliveryBlock, 0));
  return static_cast<uint32_t>(blocks);
}

class OverlappedSteps : public StepRunner {
 public:
  OverlappedSteps(const StepContext& context, const OverlappedPlan& plan, uint32_t delivery_blocks)
      : c_(context), graphs_(context.stream), learns_(!context.network.plasticity.empty()) {
    build_tables(plan);
    // The kernel's delivery blocks take what its neuron blocks leave of one resident wave (at least
    // one block an SM), so that both run at once.
    const uint32_t wave = overlapped_blocks_per_processor(learns_) * c_.processors;
    const uint32_t neuron_blocks = c_.network.neuron_blocks;
    delivery_blocks_ = std::max<uint32_t>(c_.processors, wave > neuron_blocks ? wave - neuron_blocks : 0);
    if (delivery_blocks > 0) delivery_blocks_ = delivery_blocks;
  }

  void enqueue_batch(uint32_t count, int set) override {
    graphs_.launch(count, set, [this](uint32_t steps, int output_set) { enqueue_steps(steps, output_set); });
  }
  std::string description() const override {
    return learns_ ? "one kernel a step, delivery overlapped, then learning, in CUDA graphs"
                   : "one kernel a step, delivery overlapped, in CUDA graphs";
  }
  uint64_t bytes() const override { return table_bytes_ + chunks_.size() * sizeof(DeliveryChunk); }

 private:
  // Each population's merged one-step rows, where it has any, and each projection's chunk slots.
  void build_tables(const OverlappedPlan& plan) {
    const uint32_t populations = c_.network.population_count();
    std::vector<OneStepRows> views(populations, OneStepRows{nullptr, 0});
    for (uint32_t p = 0; p < populations; ++p) {
      if (plan.widths[p] == 0) continue;
      one_step_entries_.push_back(
          merge_one_step_rows(c_.network.population_entries[p].view.size, plan.widths[p], plan.one_step[p]));
      views[p] = OneStepRows{raw(one_step_entries_.back()), plan.widths[p]};
      table_bytes_ += one_step_entries_.back().size() * sizeof(OneStepEntry);
    }
    one_step_rows_ = thrust::device_vector<OneStepRows>(views.begin(), views.end());
    chunk_slots_ = thrust::device_vector<uint32_t>(plan.slots.begin(), plan.slots.end());
    table_bytes_ += plan.slots.size() * sizeof(uint32_t);
    // Two sets: one step is queued while the one before is delivered.
    chunks_.resize(static_cast<size_t>(plan.chunks) * 2);
  }

  // Step k's kernel delivers step k - 1, whose learning follows; the last launch delivers the batch's
  // last step alone.
  void enqueue_steps(uint32_t count, int set) {
    DeviceNetwork& n = c_.network;
    const StepBuffers buffers = c_.outputs.buffers(n, set, raw(chunks_), static_cast<uint32_t>(chunks_.size() / 2));
    for (uint32_t k = 0; k <= count; ++k) {
      const uint32_t neuron_blocks = k < count ? n.neuron_blocks : 0;
      launch_dependent(c_.stream, c_.dependent_launches, learns_ ? overlapped_step_kernel<true> : overlapped_step_kernel<false>,
                       neuron_blocks + delivery_blocks_, kDeliveryBlock, raw(n.populations), raw(n.inputs),
                       raw(n.projections), static_cast<uint32_t>(n.projections.size()), raw(n.outgoing),
                       static_cast<const uint32_t*>(raw(chunk_slots_)),
                       static_cast<const OneStepRows*>(raw(one_step_rows_)), buffers, neuron_blocks, k, c_.dt);
      if (k > 0) enqueue_learning_step(c_.stream, c_.dependent_launches, n, raw(c_.outputs.base_step), k - 1, true);
      if (k < count) c_.outputs.enqueue_probes(c_.stream, k, set);
    }
    c_.outputs.enqueue_advance(c_.stream, count);
  }

  StepContext c_;
  CapturedBatches graphs_;
  bool learns_;
  uint32_t delivery_blocks_ = 0;
  std::deque<thrust::device_vector<OneStepEntry>> one_step_entries_;  // per population that has one-step rows
  thrust::device_vector<OneStepRows> one_step_rows_;                  // per population
  thrust::device_vector<uint32_t> chunk_slots_;                       // per projection
  thrust::device_vector<DeliveryChunk> chunks_;
  uint64_t table_bytes_ = 0;
};

}  // namespace

uint32_t overlapped_blocks_per_processor(bool learns) {
  return learns ? blocks_per_processor<true>() : blocks_per_processor<false>();
}

std::unique_ptr<StepRunner> make_overlapped_steps(const StepContext& context, const OverlappedPlan& plan,
                                                  uint32_t delivery_blocks) {
  return std::make_unique<OverlappedSteps>(context, plan, delivery_blocks);
}

}  // namespace snn::cuda

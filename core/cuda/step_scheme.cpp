#include "core/cuda/step_scheme.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/foundation/number_text.hpp"

namespace snn {
namespace {

// The persistent kernel's blocks, or 0 with the reason it is not taken. Measured on the H100: the
// fused kernel wins where a step is mostly latency (COBA: 17 neuron blocks, 80 synapses a neuron,
// 1.4x; izhikevich2003, 4 blocks and 1000 synapses a neuron, 1.05x) and loses where the few blocks
// whose neurons fired must deliver long rows alone (Brunel with 12,500 neurons: 0.6x; the
// microcircuit: 0.5x); the two-kernel step spreads every row over the GPU. Learning runs in the
// two-kernel step only.
uint32_t fused_blocks(const StepShape& s, std::string& why_not) {
  if (s.requested == CudaStepKernel::kGraph || s.requested == CudaStepKernel::kOverlapped) {
    why_not = "asked for";
    return 0;
  }
  if (s.learns) {
    if (s.requested == CudaStepKernel::kFused)
      throw std::invalid_argument("the fused CUDA kernel does not run plasticity; use the graph kernel (or auto)");
    why_not = "the network learns, which the fused kernel does not";
    return 0;
  }
  if (s.requested == CudaStepKernel::kAuto && (s.neuron_blocks > kFusedAutoNeuronBlocks || s.mean_row_length > kFusedAutoRowLength)) {
    why_not = number_text(s.neuron_blocks) + " neuron blocks and " + number_text(s.mean_row_length) +
              " synapses a neuron: too large for the fused kernel (at most " + number_text(kFusedAutoNeuronBlocks) + " and " +
              number_text(kFusedAutoRowLength) + ")";
    return 0;
  }
  if (!s.cooperative_launch || s.fused_blocks_per_processor == 0) {
    if (s.requested == CudaStepKernel::kFused)
      throw std::invalid_argument("the fused CUDA kernel needs cooperative launch, which this GPU does not offer");
    why_not = "this GPU cannot launch the fused kernel cooperatively";
    return 0;
  }
  uint32_t blocks = std::min<uint32_t>(s.neuron_blocks, s.fused_blocks_per_processor * s.processors);
  if (s.requested_blocks > 0) blocks = std::min(blocks, s.requested_blocks);
  return std::max<uint32_t>(1, blocks);
}

// Whether the overlapped step runs, or the reason it does not (empty: auto passed it over quietly).
// Auto takes it for networks without third-factor learning whose neuron blocks leave at least 2.5 delivery blocks an SM in one
// resident wave, whose firing warps' merged one-step rows are at most kOverlappedAutoOneStepWidth wide,
// whose chunk slots are at most twice the chunks rows need at most, where its tables fit in the free
// memory, and, where the fused kernel could run, whose rows are short. Measured on the H100: the
// microcircuit (302 neuron blocks, 358 delivery blocks) 1.9x faster than the two-kernel step, Brunel with
// 1e5 neurons (391 and 269) 1.1x slower; COBA from 1,000 to 16,000 neurons 1.1-1.2x faster than the
// fused kernel, izhikevich2003 (1,000-wide one-step rows) 1.3x slower; Brunel 12,500 with STDP 1.06x
// faster than the two-kernel step.
bool overlapped(const StepShape& s, uint32_t fused, std::string& why_not) {
  if (s.requested == CudaStepKernel::kGraph || s.requested == CudaStepKernel::kFused || !s.has_projections) return false;
  if (fused > 0 && s.mean_row_length > kOverlappedOverFusedRowLength) {
    why_not = "rows of " + number_text(s.mean_row_length) + " synapses are long for the overlapped step; the fused kernel runs them";
    return false;
  }
  const bool forced = s.requested == CudaStepKernel::kOverlapped;
  const auto refuse = [&](const std::string& why) {
    if (forced) throw std::invalid_argument("the overlapped CUDA step " + why + "; use the graph kernel (or auto)");
    why_not = "the overlapped step " + why;
    return false;
  };
  const uint32_t wave = s.overlapped_blocks_per_processor * s.processors;
  if (!forced && wave < s.neuron_blocks + s.processors * 5 / 2) {
    why_not = number_text(s.neuron_blocks) + " neuron blocks leave too few of a wave's " + number_text(wave) +
              " blocks for the overlapped step's delivery";
    return false;
  }
  if (s.third_factor) return refuse("does not run modulators, readout errors or modulated rules");
  if (!s.overlapped_limit.empty()) return refuse(s.overlapped_limit);
  const bool fits = s.overlapped_table_bytes < s.free_bytes;
  if (!forced && (s.widest_one_step_row > kOverlappedAutoOneStepWidth || s.overlapped_chunks > 2 * s.plain_chunks || !fits)) {
    why_not = "the overlapped step's one-step rows (" + number_text(s.widest_one_step_row) + " wide), chunk slots or tables are too large";
    return false;
  }
  if (!fits)
    throw std::runtime_error("the overlapped CUDA step needs " + std::to_string(static_cast<uint64_t>(s.overlapped_table_bytes) >> 20) +
                             " MiB more GPU memory for its tables than is free; use the graph kernel");
  return true;
}

}  // namespace

StepChoice choose_step_scheme(const StepShape& shape) {
  StepChoice choice;
  std::string not_fused, not_overlapped;
  const uint32_t fused = fused_blocks(shape, not_fused);
  if (overlapped(shape, fused, not_overlapped)) {
    choice.scheme = StepScheme::kOverlapped;
    choice.reason = shape.requested == CudaStepKernel::kOverlapped
                        ? "asked for"
                        : std::string(shape.learns ? "learning" : "static") + " network, " + number_text(shape.neuron_blocks) +
                              " neuron blocks beside delivery in one wave";
    return choice;
  }
  if (fused > 0) {
    choice.scheme = StepScheme::kFused;
    choice.fused_blocks = fused;
    choice.reason = shape.requested == CudaStepKernel::kFused ? "asked for"
                                                              : "small network: " + number_text(shape.neuron_blocks) + " neuron blocks";
    return choice;
  }
  choice.scheme = StepScheme::kGraph;
  if (shape.requested == CudaStepKernel::kGraph) choice.reason = "asked for";
  else if (not_overlapped.empty()) choice.reason = not_fused;
  else choice.reason = not_fused + "; " + not_overlapped;
  return choice;
}

}  // namespace snn

#pragma once
// Which step scheme the CUDA engine runs, decided by one pure function of the network's shape and
// the device's capabilities, so that the choice can be read, tested without a GPU and explained
// (`snn bench` prints the reason with the device). The schemes (core/engine.hpp, CudaStepKernel):
// the persistent fused kernel, the two-kernel step in CUDA graphs, and the overlapped step. The
// engine measures the shape, calls choose_step_scheme, and only then builds the chosen scheme's
// tables. The thresholds were measured on the H100 (docs/benchmarks.md).
#include <cstdint>
#include <string>

#include "core/engine.hpp"

namespace snn {

enum class StepScheme { kFused, kGraph, kOverlapped };

// What the choice reads. Occupancies are resident blocks per multiprocessor (0: cannot launch).
struct StepShape {
  CudaStepKernel requested = CudaStepKernel::kAuto;
  uint32_t requested_blocks = 0;  // EngineOptions::cuda_blocks
  bool learns = false;            // plasticity, modulators or readout errors
  bool third_factor = false;      // learning with a modulator, a readout error or a modulated rule
  bool has_projections = true;
  uint32_t neuron_blocks = 0;     // blocks of 256 neurons
  double mean_row_length = 0.0;   // synapses per neuron
  uint32_t processors = 0;
  bool cooperative_launch = false;
  uint32_t fused_blocks_per_processor = 0;
  uint32_t overlapped_blocks_per_processor = 0;
  // The overlapped step's limits: empty when the network is within them, else what it exceeds
  // ("takes at most 32 outgoing projections a population").
  std::string overlapped_limit;
  // The overlapped step's tables: its widest merged one-step row, its chunk slots against the chunks
  // the two-kernel step needs, and the bytes of its tables against the free memory.
  uint32_t widest_one_step_row = 0;
  double overlapped_chunks = 0.0, plain_chunks = 1.0;
  double overlapped_table_bytes = 0.0, free_bytes = 0.0;
};

struct StepChoice {
  StepScheme scheme = StepScheme::kGraph;
  uint32_t fused_blocks = 0;  // kFused: the persistent kernel's blocks
  std::string reason;         // why, in a line
};

// Auto picks by the measured thresholds; a forced scheme that cannot run this network is an error:
// std::invalid_argument naming why, or std::runtime_error where its tables do not fit in memory.
StepChoice choose_step_scheme(const StepShape& shape);

// The fused kernel is chosen by default for networks of at most this many blocks of 256 neurons,
// with at most this many synapses per neuron on average.
constexpr uint32_t kFusedAutoNeuronBlocks = 32;
constexpr double kFusedAutoRowLength = 1024;
// Auto prefers the overlapped step to the fused kernel where rows are at most this long on average,
// and takes it only where the firing warps' one-step rows are at most this wide (four rounds of loads).
constexpr double kOverlappedOverFusedRowLength = 256;
constexpr uint32_t kOverlappedAutoOneStepWidth = 512;

}  // namespace snn

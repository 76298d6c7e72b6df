#pragma once
// Which vector instructions the CPU engine's neuron update uses. One binary carries the update
// compiled for the baseline x86-64, for AVX2 and for AVX-512 (core/cpu/neuron_block_update.hpp) and
// takes the widest the processor has; asking for a level is for comparisons, and every level gives
// the same spikes.
#include <string>

namespace snn {

enum class SimdLevel { kAuto, kBaseline, kAvx2, kAvx512 };

// "auto", "baseline", "avx2", "avx512"; std::invalid_argument naming the choices for anything else.
SimdLevel parse_simd_level(const std::string& name);
const char* simd_level_name(SimdLevel level);

// The widest level this processor (and its operating system) supports.
SimdLevel best_simd_level();

// kAuto becomes best_simd_level(); a level the processor lacks is a std::invalid_argument that says
// what it has.
SimdLevel resolve_simd_level(SimdLevel requested);

}  // namespace snn

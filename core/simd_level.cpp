#include "core/simd_level.hpp"

#include <stdexcept>

namespace snn {

SimdLevel parse_simd_level(const std::string& name) {
  if (name == "auto") return SimdLevel::kAuto;
  if (name == "baseline") return SimdLevel::kBaseline;
  if (name == "avx2") return SimdLevel::kAvx2;
  if (name == "avx512") return SimdLevel::kAvx512;
  throw std::invalid_argument("unknown vector instruction level '" + name + "' (expected auto, baseline, avx2 or avx512)");
}

const char* simd_level_name(SimdLevel level) {
  switch (level) {
    case SimdLevel::kAuto: return "auto";
    case SimdLevel::kBaseline: return "baseline";
    case SimdLevel::kAvx2: return "avx2";
    case SimdLevel::kAvx512: return "avx512";
  }
  return "?";
}

SimdLevel best_simd_level() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  // The runtime's CPU model also checks that the operating system saves the wider registers.
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl"))
    return SimdLevel::kAvx512;
  if (__builtin_cpu_supports("avx2")) return SimdLevel::kAvx2;
#endif
  return SimdLevel::kBaseline;
}

SimdLevel resolve_simd_level(SimdLevel requested) {
  const SimdLevel best = best_simd_level();
  if (requested == SimdLevel::kAuto) return best;
  if (static_cast<int>(requested) > static_cast<int>(best))
    throw std::invalid_argument(std::string("this processor has no ") + simd_level_name(requested) +
                                " instructions (the widest it has: " + simd_level_name(best) + ")");
  return requested;
}

}  // namespace snn

#pragma once
// Number formats an energy estimate prices: the operands of an operation, a stored weight, a
// membrane potential, an activation.
#include <cstdint>
#include <optional>
#include <string>

namespace snn::energy {

enum class Precision { kFp32, kFp16, kInt32, kInt8, kInt4, kBinary };
inline constexpr Precision kAllPrecisions[] = {Precision::kFp32, Precision::kFp16, Precision::kInt32,
                                               Precision::kInt8, Precision::kInt4, Precision::kBinary};
inline constexpr int kPrecisionCount = 6;

inline int index_of(Precision p) { return static_cast<int>(p); }

inline const char* precision_name(Precision p) {
  static const char* const names[] = {"fp32", "fp16", "int32", "int8", "int4", "binary"};
  return names[index_of(p)];
}

inline uint32_t precision_bits(Precision p) {
  static const uint32_t bits[] = {32, 16, 32, 8, 4, 1};
  return bits[index_of(p)];
}

inline std::optional<Precision> precision_from_name(const std::string& name) {
  for (Precision p : kAllPrecisions)
    if (name == precision_name(p)) return p;
  return std::nullopt;
}

}  // namespace snn::energy

#pragma once
// Sums in the order a CUDA warp forms them: lane j (of 32) adds up elements j, j + 32, j + 64, ...
// in turn, then the 32 partial sums are combined as a butterfly shuffle does (lane j with lane
// j + 16, then + 8, + 4, + 2, + 1). Float addition is commutative but not associative, so the host
// reference adds in exactly this order too: the layer models then give the same bits on both
// backends. (32 independent sums also let the host compiler vectorise the loop.)
#include <cstdint>

namespace snn {

constexpr int kLaneCount = 32;

inline float combine_lanes(float (&lanes)[kLaneCount]) {
  for (int offset = kLaneCount / 2; offset >= 1; offset /= 2)
    for (int j = 0; j < offset; ++j) lanes[j] = lanes[j] + lanes[j + offset];
  return lanes[0];
}

// sum_k a[k] b[k] in lane order.
inline float lane_ordered_dot(const float* a, const float* b, int64_t n) {
  float lanes[kLaneCount] = {};
  int64_t k = 0;
  for (; k + kLaneCount <= n; k += kLaneCount)
    for (int j = 0; j < kLaneCount; ++j) lanes[j] += a[k + j] * b[k + j];
  for (int j = 0; k + j < n; ++j) lanes[j] += a[k + j] * b[k + j];
  return combine_lanes(lanes);
}

// sum_k (a[k] - shift)^2 in lane order (shift 0: the plain sum of squares); with square = false,
// sum_k a[k].
inline float lane_ordered_sum(const float* a, int64_t n, bool square = false, float shift = 0.0f) {
  float lanes[kLaneCount] = {};
  for (int64_t k = 0; k < n; ++k) {
    const float x = square ? (a[k] - shift) * (a[k] - shift) : a[k];
    lanes[k % kLaneCount] += x;
  }
  return combine_lanes(lanes);
}

}  // namespace snn

#pragma once
// RWKV's WKV: for each channel, a decaying softmax-weighted average of past values,
//   wkv_t = (sum_{i<t} e^{(t-1-i) w + k_i} v_i + e^{u + k_t} v_t) / (same without v),
// with w = -exp(time_decay) < 0 and u = time_first the bonus of the current token. It is kept as a
// running numerator and denominator scaled by e^{-exponent}, so that nothing overflows. The same
// step serves a whole sequence (a scan per channel) and one token at a time (O(1) state); det_exp
// makes it the same bits on the host and the GPU.

#include <cmath>

#include "core/foundation/deterministic_math.hpp"
#include "core/foundation/host_device.hpp"

namespace snn {

struct WkvState {
  float numerator = 0.0f, denominator = 0.0f;
  float exponent = -1e38f;  // no token seen: every later term dominates
};

// wkv of the current token (key k, value v) given the tokens before it.
SNN_HD float wkv_output(const WkvState& s, float u, float k, float v) {
  const float top = fmaxf(s.exponent, u + k);
  const float past = det_exp(s.exponent - top), current = det_exp(u + k - top);
  return (past * s.numerator + current * v) / (past * s.denominator + current);
}

// Takes the current token into the state for the next one (the past decays by e^w).
SNN_HD void wkv_advance(WkvState& s, float w, float k, float v) {
  const float top = fmaxf(w + s.exponent, k);
  const float past = det_exp(w + s.exponent - top), current = det_exp(k - top);
  s.numerator = past * s.numerator + current * v;
  s.denominator = past * s.denominator + current;
  s.exponent = top;
}

SNN_HD float logistic(float x) { return 1.0f / (1.0f + det_exp(-x)); }

}  // namespace snn

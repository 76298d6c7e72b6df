#pragma once
// exp, log, sqrt and cos that give the same bits on the CPU and the GPU. Library versions differ
// between glibc and CUDA in the last place, which would be enough to make the two backends' spike
// trains diverge. Plain float operations are IEEE-exact on both sides as long as no multiply-add
// contraction happens: the build passes -ffp-contract=off to the host compiler and --fmad=false
// to nvcc for this reason.
#include <cstdint>
#include <cstring>

#include "core/foundation/host_device.hpp"

namespace snn {

SNN_HD float bits_to_float(uint32_t bits) {
  float value;
  memcpy(&value, &bits, sizeof value);
  return value;
}
SNN_HD uint32_t float_to_bits(float value) {
  uint32_t bits;
  memcpy(&bits, &value, sizeof bits);
  return bits;
}

// Round to nearest integer, halves away from zero, without library calls. The sign is taken off
// and put back by multiplying with +-1 (exact): straight-line code, which vectorizes.
SNN_HD float det_round(float x) {
  const float sign = x >= 0.0f ? 1.0f : -1.0f;
  return static_cast<float>(static_cast<int32_t>(x * sign + 0.5f)) * sign;
}

// exp(x) within about 2 ulp over the float range. x = k ln2 + r with |r| <= ln2/2, exp(r) by its
// Taylor polynomial to degree 7, then scaled by 2^k through the exponent bits.
SNN_HD float det_exp(float x) {
  if (x > 88.7f) return bits_to_float(0x7F800000u);  // +inf
  if (x < -87.3f) return 0.0f;                       // below the normal range: flush
  // k = round(x / ln2) by the float rounding of an addition of 1.5 * 2^23 (round to nearest even,
  // exact IEEE on both backends, no branch and no conversion); k also sits in the low mantissa bits.
  const float shifted = x * 1.44269504088896341f + 12582912.0f;
  const float k = shifted - 12582912.0f;
  // ln2 split in a high part exact in float and a low remainder keeps r accurate.
  const float r = (x - k * 0.693145751953125f) - k * 1.42860682030941723212e-6f;
  // Estrin's scheme: the four pairs are independent, so the polynomial costs three dependent
  // multiply-add levels instead of seven (the neuron loop is bound by this latency).
  const float r2 = r * r, r4 = r2 * r2;
  const float p01 = 1.0f + r, p23 = 0.5f + r * (1.0f / 6.0f);
  const float p45 = (1.0f / 24.0f) + r * (1.0f / 120.0f), p67 = (1.0f / 720.0f) + r * (1.0f / 5040.0f);
  const float p = (p01 + r2 * p23) + r4 * (p45 + r2 * p67);
  const int32_t exponent = static_cast<int32_t>(float_to_bits(shifted) - float_to_bits(12582912.0f)) + 127;
  if (exponent <= 0) {  // result below 2^-126: build it in two halves to avoid underflowing the scale
    return p * bits_to_float(static_cast<uint32_t>(exponent + 64) << 23) * bits_to_float(63u << 23);
  }
  return p * bits_to_float(static_cast<uint32_t>(exponent) << 23);
}

// Natural logarithm of a positive normal float: x = 2^e m with m in [sqrt(1/2), sqrt(2)),
// log(m) = 2 atanh(s) with s = (m-1)/(m+1) and |s| < 0.172, so five odd terms reach float precision.
SNN_HD float det_log(float x) {
  const uint32_t bits = float_to_bits(x);
  int32_t e = static_cast<int32_t>((bits >> 23) & 0xFFu) - 127;
  float m = bits_to_float((bits & 0x007FFFFFu) | 0x3F800000u);
  if (m > 1.41421356f) {
    m = m * 0.5f;
    e += 1;
  }
  const float s = (m - 1.0f) / (m + 1.0f);
  const float s2 = s * s;
  float series = 1.0f / 11.0f;
  series = series * s2 + 1.0f / 9.0f;
  series = series * s2 + 1.0f / 7.0f;
  series = series * s2 + 1.0f / 5.0f;
  series = series * s2 + 1.0f / 3.0f;
  series = series * s2 + 1.0f;
  return 2.0f * s * series + static_cast<float>(e) * 0.693147180559945309f;
}

// sqrt is correctly rounded in IEEE 754 on both backends (nvcc's default -prec-sqrt=true).
SNN_HD float det_sqrt(float x) {
#if defined(__CUDA_ARCH__)
  return __fsqrt_rn(x);
#else
  return __builtin_sqrtf(x);
#endif
}

// cos(2 pi u) for any u, by reduction to [0, 1/8] turns and Taylor polynomials. Both polynomials
// are evaluated and one kept: straight-line code, which the CPU engine's loops vectorize (the
// operations of each are those of the branch it replaces, so the bits are the same).
SNN_HD float det_cos_2pi(float u) {
  float t = u - det_round(u);  // [-1/2, 1/2]
  t = t < 0.0f ? -t : t;       // cos is even
  const bool mirrored = t > 0.25f;  // cos(2 pi t) = -cos(2 pi (1/2 - t))
  t = mirrored ? 0.5f - t : t;
  const float sign = mirrored ? -1.0f : 1.0f;
  const float two_pi = 6.28318530717958648f;
  const float xc = t * two_pi, xc2 = xc * xc;
  float c = -1.0f / 3628800.0f;
  c = c * xc2 + 1.0f / 40320.0f;
  c = c * xc2 - 1.0f / 720.0f;
  c = c * xc2 + 1.0f / 24.0f;
  c = c * xc2 - 0.5f;
  c = c * xc2 + 1.0f;
  const float xs = (0.25f - t) * two_pi, xs2 = xs * xs;  // cos(2 pi t) = sin(2 pi (1/4 - t))
  float s = 1.0f / 362880.0f;
  s = s * xs2 - 1.0f / 5040.0f;
  s = s * xs2 + 1.0f / 120.0f;
  s = s * xs2 - 1.0f / 6.0f;
  s = s * xs2 + 1.0f;
  return t <= 0.125f ? sign * c : sign * s * xs;
}

// (1 - exp(-x)) / x, the exact gain of a linear relaxation over one step with rate x. For x below
// 1/2 (every step of a typical conductance-based neuron) its Taylor series to x^7 gives float
// precision without an exponential or a division; above, the closed form.
SNN_HD float det_relaxation_gain(float x) {
  if (x < 0.5f && x > -0.5f) {
    const float x2 = x * x, x4 = x2 * x2;
    const float a = 1.0f - x * 0.5f, b = (1.0f / 6.0f) - x * (1.0f / 24.0f);
    const float c = (1.0f / 120.0f) - x * (1.0f / 720.0f), d = (1.0f / 5040.0f) - x * (1.0f / 40320.0f);
    return (a + x2 * b) + x4 * (c + x2 * d);
  }
  return (1.0f - det_exp(-x)) / x;
}

}  // namespace snn

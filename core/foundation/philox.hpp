#pragma once
// Philox4x32-10 (Salmon et al., SC'11): a counter-based generator. A draw is a pure function of
// (key, counter), so every neuron, synapse and time step owns its own stream, and results do not
// depend on thread count, traversal order or backend. cuRAND's Philox is device-only, so the
// round function lives here for both backends.
#include <cstdint>

#include "core/foundation/host_device.hpp"

namespace snn {

struct PhiloxKey {
  uint32_t k0, k1;
};
struct PhiloxCounter {
  uint32_t c0, c1, c2, c3;
};
struct PhiloxBlock {
  uint32_t v[4];
};

SNN_HD void philox_mulhilo(uint32_t a, uint32_t b, uint32_t& hi, uint32_t& lo) {
  const uint64_t product = static_cast<uint64_t>(a) * static_cast<uint64_t>(b);
  hi = static_cast<uint32_t>(product >> 32);
  lo = static_cast<uint32_t>(product);
}

SNN_HD PhiloxBlock philox4x32(PhiloxCounter ctr, PhiloxKey key) {
  constexpr uint32_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;
  constexpr uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;
  uint32_t x0 = ctr.c0, x1 = ctr.c1, x2 = ctr.c2, x3 = ctr.c3;
  uint32_t k0 = key.k0, k1 = key.k1;
  for (int round = 0; round < 10; ++round) {
    uint32_t hi0, lo0, hi1, lo1;
    philox_mulhilo(kMul0, x0, hi0, lo0);
    philox_mulhilo(kMul1, x2, hi1, lo1);
    const uint32_t y0 = hi1 ^ x1 ^ k0, y1 = lo1, y2 = hi0 ^ x3 ^ k1, y3 = lo0;
    x0 = y0;
    x1 = y1;
    x2 = y2;
    x3 = y3;
    k0 += kWeyl0;
    k1 += kWeyl1;
  }
  return PhiloxBlock{{x0, x1, x2, x3}};
}

}  // namespace snn

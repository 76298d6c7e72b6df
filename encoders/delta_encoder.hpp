#pragma once
// Delta (event) coding, as an event camera does it: each channel keeps a reference level; when the
// signal moves more than `threshold` above it, ON events follow, below it, OFF events, and the
// reference moves by one threshold per event. Summing the events (times the threshold) onto the
// initial level therefore reconstructs the signal to within one threshold at every step.
#include <cstdint>

#include "core/foundation/host_device.hpp"

namespace snn {

// Events of one channel for a new sample x: positive for ON, negative for OFF (their number).
SNN_HD int32_t delta_events(float& reference, float x, float threshold) {
  int32_t events = 0;
  while (x - reference > threshold) {
    reference += threshold;
    ++events;
  }
  while (reference - x > threshold) {
    reference -= threshold;
    --events;
  }
  return events;
}

}  // namespace snn

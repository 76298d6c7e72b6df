#pragma once
// What an op of a NIR graph saw and did over the steps run, summed over the batch: what the energy
// estimate prices. Both runners count the same way.
#include <cstdint>

namespace snn {

struct NirOpCounts {
  uint64_t input_nonzero = 0, input_values = 0;    // the values summed into it
  uint64_t input_events = 0;  // the whole-numbered inputs' magnitudes summed: spikes, counted with multiplicity (sum pooling)
  uint64_t input_analog = 0;  // inputs that are not whole numbers (data, voltages): multiplied, not accumulated
  uint64_t output_nonzero = 0, output_values = 0;  // for spiking ops: spikes and neuron-steps
};

}  // namespace snn

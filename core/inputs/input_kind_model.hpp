#pragma once
// What an input kind declares (one header each in core/inputs/, listed in input_kinds.hpp). An input
// drives every neuron of its target population while active (from `start` to `stop`), either with
// events into a synaptic port's ring (Poisson) or with a current summed into the neuron's step:
//
//   struct SomeInput {
//     static constexpr const char* kName;             // the `type` in experiment files
//     static constexpr const char* kSummary;          // a line for the docs
//     static constexpr bool kEvents;                  // events into a port, else a current (pA)
//     static constexpr std::array<const char*, N> kKeys;  // its keys beside type, name, target, start, stop
//     ...settings...                                  // as the experiment gives them
//     template <typename Reader> void read(Reader& r);     // from the experiment file (io/ gives the reader)
//     template <typename Builder> void build(Builder& b) const;  // per-neuron values into the network's Input
//     const SynapseSpec* synapse() const;             // the port it adds events to, or null
//     std::string problem() const;                    // what is wrong with the settings ("" when nothing),
//                                                     // for the library's validation and the loader
//     double host_bytes(uint32_t neurons) const;      // what build adds to the network's state
//     template <typename View> SNN_HD static float current(const View& in, uint32_t i, uint64_t step);
//     template <typename View> SNN_HD static int64_t events(const View& in, uint32_t i, uint64_t step);
//   };
//
// Reader, Builder and View are the loader's, the builder's and the engines' own types: a kind's header
// needs none of them, so the layers below the simulator can hold it and adding a kind is its header
// plus one line in the list.
#include <cstdint>

namespace snn {

// Which kind an input is: its place in the list (input_kinds.hpp).
using InputKindId = uint8_t;

}  // namespace snn

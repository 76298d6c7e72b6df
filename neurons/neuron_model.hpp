#pragma once
// What a neuron model declares about itself, once, for everything else to read (the loader, the
// builder, both engines, recording, memory accounting and the schema docs). A model is a struct:
//
//   struct MyModel {
//     static constexpr const char* kName = "my_model";          // as written in experiments
//     static constexpr const char* kSummary = "...";            // one line for `snn models`
//     static constexpr NeuronValueInfo kValues[] = {...};       // state, parameters, derived constants
//     static constexpr bool kTakesSubsteps = false;             // whether `substeps` applies
//     static constexpr bool kOffersForwardEuler = false;        // whether `integrator: forward_euler` applies
//     static constexpr bool kExactCurrentPorts = false;         // whether it has current_port_response
//     static constexpr const char* kCompartments[] = {"soma"};  // where synapses can arrive
//     static float default_state(int slot, const NeuronValuesOf& n);   // a state value not given
//     static void derive(NeuronValuesOf& n, double dt);         // derived constants from parameters
//     SNN_HD static bool step(const NeuronArrays& n, uint32_t i, const SynapticDrive& drive,
//                             const ModelStep& s);              // one time step; true when it fires
//   };
//
// A model of several compartments takes `const CompartmentDrives<N>&` in its step instead.
//
// Every value is one float per neuron, addressed in the step by its slot in kValues, found by name
// at compile time (slot_of), so a mistyped name does not compile. Adding a model is its header and
// one line in neurons/neuron_models.hpp.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/foundation/declared_values.hpp"
#include "core/foundation/host_device.hpp"
#include "neurons/synaptic_drive.hpp"

namespace snn {

// The part a value plays: state evolves and is recorded and checkpointed (internal state is not
// set by users); parameters are set per neuron by the experiment; derived constants are computed
// from the parameters and dt when the network is built (NEST's Variables_).
enum class ValueRole : uint8_t { kState, kInternalState, kParameter, kDerived };

// A population's model: its place in the list of neuron models (neurons/neuron_models.hpp), or
// kNoNeuronModel for a population of spike sources.
using NeuronModelId = uint8_t;
constexpr NeuronModelId kNoNeuronModel = 0xFF;

struct NeuronValueInfo {
  const char* name;
  ValueRole role;
  double default_value;  // parameters; for state, see the model's default_state
  const char* unit;
  const char* meaning;
  ValueRange range = ValueRange::kAny;
};

// The most values any model has: the size of a population view's array table. The model list
// checks every model against it.
constexpr int kMaxNeuronValues = 28;

// The per-neuron arrays of one population, by slot, as the step function sees them: host vectors on
// the CPU, device buffers on the GPU.
struct NeuronArrays {
  float* values[kMaxNeuronValues];
};

// The most compartments a model may have; a model names its own in kCompartments (the first is the
// one that spikes, and the one current inputs reach), and synapses choose one by name.
constexpr int kMaxCompartments = 2;

// What the synapses deliver to each compartment of a model of N compartments in one step.
template <int N>
struct CompartmentDrives {
  SynapticDrive compartment[N];
};

// What a step needs beyond the neuron's own values.
struct ModelStep {
  float dt;
  int32_t substeps;        // for models that take sub-steps
  bool conductance_based;  // the population has a conductance port
  // `integrator: forward_euler` (models that offer it): the membrane by one forward-Euler step, as
  // Brian2's `method='euler'`; the builder then also decays the population's synaptic ports by Euler
  // steps and gives them no exact propagators.
  bool forward_euler;
};

// One neuron's values on the host, while a population is built.
class NeuronValuesOf {
 public:
  NeuronValuesOf(std::vector<std::vector<float>>& values, uint32_t neuron) : values_(values), neuron_(neuron) {}
  float& operator[](int slot) const { return values_[slot][neuron_]; }

 private:
  std::vector<std::vector<float>>& values_;
  uint32_t neuron_;
};

}  // namespace snn

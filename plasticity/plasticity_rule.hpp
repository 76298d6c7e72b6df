#pragma once
// How a plastic projection learns: pair-based STDP on its weights (plasticity/stdp.hpp), or the same
// spike coincidences feeding eligibility traces that a neuromodulator turns into weight changes
// (plasticity/three_factor.hpp).
#include "plasticity/stdp.hpp"
#include "plasticity/three_factor.hpp"

namespace snn {

struct PlasticityRule {
  StdpRule stdp;               // traces, pairing, amplitudes and weight bounds
  bool three_factor = false;   // whether the coincidences go to eligibility traces
  ThreeFactorRule modulation;  // with three_factor: the eligibility's decay, the learning rate and M
};

}  // namespace snn

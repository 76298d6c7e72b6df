#pragma once
// A trained classifier as a NIR graph (written beside its weights by `snn train`): Input, then per
// layer Affine/Linear (a Flatten before it where an image comes in), Conv2d, AvgPool2d or LIF, then
// Output. The LIF nodes' tau and r are the float32 values for which the snntorch discretisation
// (nir/nir_discretisation.hpp) steps exactly as training did (decay 1 - dt/tau equal to beta and
// the input's gain r dt / tau equal to 1), so `snn run model.nir --discretisation snntorch --dt DT`
// gives the trained network's spikes bit for bit (tests/training_run_test.cpp).
#include <string>

#include "nir/nir_graph.hpp"
#include "training/classification_training.hpp"

namespace snn::training {

// Dropout is left out (inference passes values on); an LI readout becomes an LI node. Throws
// NirError naming the layer NIR cannot hold exactly: max pooling (NIR has none), soft resets (NIR's
// LIF resets to v_reset, not by subtraction) and, for now, recurrent layers.
NirFile trained_network_nir(const ClassificationTrainer& trainer, double dt_seconds);

}  // namespace snn::training

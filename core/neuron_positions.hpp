#pragma once
// Where a population's neurons sit on a 2-D sheet, for distance-dependent connectivity: on a grid or
// drawn uniformly in a rectangle, centred on the origin in both cases (so that layers of different
// densities overlay, as NEST's spatial layers do). Units are the experiment's own (um, say); only the
// connectors' sigma and cutoff need the same unit.
#include <cstdint>
#include <vector>

namespace snn {

struct PositionSpec {
  enum class Layout : uint8_t { kGrid, kUniform };
  Layout layout = Layout::kGrid;
  uint32_t columns = 1;  // grid: neuron i at column i % columns, row i / columns
  double spacing = 1.0;  // grid: between neighbours
  double width = 1.0, height = 1.0;  // uniform: the rectangle
};

struct NeuronPositions {
  std::vector<float> x, y;
  float width = 0.0f, height = 0.0f;  // the sheet's extent: a grid's columns and rows times its spacing
  bool empty() const { return x.empty(); }
};

struct SheetExtent {
  double width, height;
};
// The sheet's extent: a grid's columns and rows times its spacing, or the uniform rectangle.
SheetExtent sheet_extent(const PositionSpec& spec, uint32_t size);

// The positions of a population of `size` neurons; uniform draws come from the experiment's seed and
// the population's index, so every run and both engines see the same sheet.
NeuronPositions place_neurons(const PositionSpec& spec, uint32_t size, uint64_t seed, uint32_t population);

}  // namespace snn

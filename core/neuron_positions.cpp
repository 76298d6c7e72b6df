#include "core/neuron_positions.hpp"

#include "core/foundation/random_stream.hpp"

namespace snn {

SheetExtent sheet_extent(const PositionSpec& spec, uint32_t size) {
  if (spec.layout == PositionSpec::Layout::kUniform) return {spec.width, spec.height};
  const uint32_t rows = (size + spec.columns - 1) / spec.columns;
  return {spec.columns * spec.spacing, rows * spec.spacing};
}

NeuronPositions place_neurons(const PositionSpec& spec, uint32_t size, uint64_t seed, uint32_t population) {
  NeuronPositions p;
  p.x.resize(size);
  p.y.resize(size);
  const SheetExtent extent = sheet_extent(spec, size);
  p.width = static_cast<float>(extent.width);
  p.height = static_cast<float>(extent.height);
  if (spec.layout == PositionSpec::Layout::kGrid) {
    const uint32_t rows = (size + spec.columns - 1) / spec.columns;
    for (uint32_t i = 0; i < size; ++i) {
      p.x[i] = static_cast<float>((i % spec.columns - 0.5 * (spec.columns - 1)) * spec.spacing);
      p.y[i] = static_cast<float>((i / spec.columns - 0.5 * (rows - 1)) * spec.spacing);
    }
    return p;
  }
  const RandomStream stream = make_stream(seed, population, StreamPurpose::kPositions);
  for (uint32_t i = 0; i < size; ++i) {
    const PhiloxBlock b = stream.block(i, 0);
    p.x[i] = static_cast<float>((uniform_from_bits(b.v[0]) - 0.5) * spec.width);
    p.y[i] = static_cast<float>((uniform_from_bits(b.v[1]) - 0.5) * spec.height);
  }
  return p;
}

}  // namespace snn

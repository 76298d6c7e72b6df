#include "io/learned_weights.hpp"

#include <stdexcept>

#include "io/hdf5_reader.hpp"

namespace snn {

size_t load_learned_weights(const std::string& path, Network& net) {
  const std::vector<RecordedWeights> recorded = read_learned_weights(path);
  for (const RecordedWeights& r : recorded) {
    Projection* proj = nullptr;
    for (Projection& p : net.projections)
      if (p.name == r.projection) proj = &p;
    const std::string where = path + ": projection '" + r.projection + "'";
    if (proj == nullptr) throw std::runtime_error(where + " is not in this experiment");
    if (proj->deferred) throw std::runtime_error(where + " is built on the GPU; load weights into a host-built network");
    SynapseTable& table = proj->synapses;
    if (r.weights.size() != table.size() || r.sources.size() != table.size() || r.targets.size() != table.size())
      throw std::runtime_error(where + " has " + std::to_string(r.weights.size()) + " synapses, this experiment's has " +
                               std::to_string(table.size()) + " (another seed or connectivity?)");
    if (r.sources != table.sources() || r.targets != table.targets)
      throw std::runtime_error(where + ": its synapses join other neurons than this experiment's (another seed or connectivity?)");
    if (proj->plasticity) {
      const WeightBounds bounds = weight_bounds(*proj->plasticity);
      for (const float w : r.weights)
        if (!(w >= bounds.low && w <= bounds.high))
          throw std::runtime_error(where + ": weight " + std::to_string(w) + " lies outside the plasticity's bounds [" +
                                   std::to_string(bounds.low) + ", " + std::to_string(bounds.high) + "]");
    }
    table.weights = r.weights;
  }
  return recorded.size();
}

}  // namespace snn

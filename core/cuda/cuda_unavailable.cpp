// Built instead of the CUDA engine when the CUDA compiler is absent: says so, and never pretends.
#include <stdexcept>

#include "core/device_synapses.hpp"
#include "core/engine.hpp"

namespace snn {

bool cuda_device_available(std::string* reason) {
  if (reason) *reason = "this build has no CUDA engine (it was configured without a CUDA compiler)";
  return false;
}

SynapseTable build_synapses_on_gpu_for_comparison(const DeferredSynapses&) {
  throw std::runtime_error("this build has no CUDA engine (it was configured without a CUDA compiler)");
}

uint64_t gpu_free_bytes() { return 0; }

void check_gpu_memory(uint64_t, uint64_t) {
  throw std::runtime_error("this build has no CUDA engine (it was configured without a CUDA compiler)");
}

std::unique_ptr<Engine> make_cuda_engine(Network, EngineOptions) {
  throw std::runtime_error("this build has no CUDA engine (it was configured without a CUDA compiler)");
}

}  // namespace snn

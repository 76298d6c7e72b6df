// Built instead of the CUDA SpikeGPT when the CUDA compiler is absent: says so, and never pretends.
#include <stdexcept>

#include "models/cuda/cuda_spike_gpt.hpp"

namespace snn {

struct CudaSpikeGpt::Impl {};

CudaSpikeGpt::CudaSpikeGpt(const SpikeGptModel&) {
  throw std::runtime_error("this build has no CUDA layers (it was configured without a CUDA compiler)");
}
CudaSpikeGpt::~CudaSpikeGpt() = default;
void CudaSpikeGpt::reset() {}
const std::vector<float>& CudaSpikeGpt::step(int32_t, SpikeGptActivity*) {
  throw std::runtime_error("this build has no CUDA layers");
}
uint64_t CudaSpikeGpt::device_bytes() const { return 0; }

}  // namespace snn

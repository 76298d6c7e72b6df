// Built instead of the CUDA layer models when the CUDA compiler is absent: says so, and never pretends.
#include <stdexcept>

#include "models/cuda/cuda_spike_gpt.hpp"
#include "models/cuda/cuda_spikformer.hpp"

namespace snn {
namespace {
const char* kNoCudaLayers = "this build has no CUDA layers (it was configured without a CUDA compiler)";
}

struct CudaSpikeGpt::Impl {};
CudaSpikeGpt::CudaSpikeGpt(const SpikeGptModel&) { throw std::runtime_error(kNoCudaLayers); }
CudaSpikeGpt::~CudaSpikeGpt() = default;
void CudaSpikeGpt::reset() {}
const std::vector<float>& CudaSpikeGpt::step(int32_t, SpikeGptActivity*) { throw std::runtime_error(kNoCudaLayers); }
Tensor CudaSpikeGpt::forward(const std::vector<int32_t>&, SpikeGptActivity*) { throw std::runtime_error(kNoCudaLayers); }
uint64_t CudaSpikeGpt::device_bytes() const { return 0; }

struct CudaSpikformer::Impl {};
CudaSpikformer::CudaSpikformer(const SpikformerModel&, int64_t, SpikeProductPath, double) {
  throw std::runtime_error(kNoCudaLayers);
}
CudaSpikformer::~CudaSpikformer() = default;
Tensor CudaSpikformer::forward(const Tensor&, SpikformerActivity*) { throw std::runtime_error(kNoCudaLayers); }
std::vector<CudaSpikformer::LayerReport> CudaSpikformer::layer_reports() const { return {}; }
uint64_t CudaSpikformer::device_bytes() const { return 0; }

}  // namespace snn

// Built instead of the CUDA NIR runner when the CUDA compiler is absent: says so, and never pretends.
#include <stdexcept>

#include "nir/cuda/nir_cuda_runner.hpp"

namespace snn {

struct NirCudaRunner::Impl {};

NirCudaRunner::NirCudaRunner(const NirProgram&, int64_t, NirDiscretisation, bool) {
  throw std::runtime_error("this build has no CUDA NIR runner (it was configured without a CUDA compiler)");
}
NirCudaRunner::~NirCudaRunner() = default;
void NirCudaRunner::step(const std::vector<const float*>&) {}
void NirCudaRunner::step(const std::vector<const uint8_t*>&) {}
int64_t NirCudaRunner::batch() const { return 0; }
int64_t NirCudaRunner::steps_run() const { return 0; }
std::vector<float> NirCudaRunner::values(int) const { return {}; }
std::vector<float> NirCudaRunner::voltages(int) const { return {}; }
NirOpCounts NirCudaRunner::counts(int) const { return {}; }
void NirCudaRunner::take_history(std::vector<std::vector<float>>&, std::vector<std::vector<uint8_t>>&) {}
uint64_t NirCudaRunner::device_bytes() const { return 0; }

}  // namespace snn

#pragma once
// Every CUDA call is checked; a failure becomes an exception naming the call and the error.
#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

#define SNN_CUDA_CHECK(call)                                                                            \
  do {                                                                                                  \
    const cudaError_t snn_cuda_status = (call);                                                        \
    if (snn_cuda_status != cudaSuccess)                                                                 \
      throw std::runtime_error(std::string("CUDA: ") + #call + ": " + cudaGetErrorString(snn_cuda_status)); \
  } while (0)

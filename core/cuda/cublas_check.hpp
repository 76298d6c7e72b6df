#pragma once
// Every cuBLAS call is checked, as every CUDA call is (cuda_check.hpp): a failure becomes an
// exception naming the call and its status.
#include <cublas_v2.h>

#include <stdexcept>
#include <string>

#define SNN_CUBLAS_CHECK(call)                                                                           \
  do {                                                                                                   \
    const cublasStatus_t snn_cublas_status = (call);                                                     \
    if (snn_cublas_status != CUBLAS_STATUS_SUCCESS)                                                      \
      throw std::runtime_error(std::string("cuBLAS: ") + #call + ": status " + std::to_string(snn_cublas_status)); \
  } while (0)

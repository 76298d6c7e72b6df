#pragma once
// cuBLAS's products on row-major matrices, for float and double: C[M][N] = op(A)[M][K] op(B)[K][N]
// (+ C when accumulating), where op transposes a matrix stored the other way round. cuBLAS is
// column-major, so each call computes C's transpose, B^T A^T. Products are float32 (TF32 off) and
// deterministic: cuBLAS gives the same bits run after run on the same GPU model.
#include "core/cuda/cublas_check.hpp"

namespace snn::training::cuda {

inline cublasStatus_t gemm(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const float* alpha,
                           const float* a, int lda, const float* b, int ldb, const float* beta, float* c, int ldc) {
  return cublasSgemm(h, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
inline cublasStatus_t gemm(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const double* alpha,
                           const double* a, int lda, const double* b, int ldb, const double* beta, double* c, int ldc) {
  return cublasDgemm(h, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

template <typename Real>
void matmul(cublasHandle_t h, bool trans_a, bool trans_b, int m, int n, int k, const Real* a, const Real* b, Real* c,
            bool accumulate = false) {
  const Real one = 1, beta = accumulate ? Real(1) : Real(0);
  SNN_CUBLAS_CHECK(gemm(h, trans_b ? CUBLAS_OP_T : CUBLAS_OP_N, trans_a ? CUBLAS_OP_T : CUBLAS_OP_N, n, m, k, &one, b,
                                 trans_b ? k : n, a, trans_a ? m : k, &beta, c, n));
}

}  // namespace snn::training::cuda

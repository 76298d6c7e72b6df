#pragma once
// Functions marked SNN_HD are compiled for both backends: the CPU engine calls them directly and the
// CUDA engine calls the very same code from its kernels, so one model definition serves both.
#if defined(__CUDACC__)
#define SNN_HD __host__ __device__ __forceinline__
#else
#define SNN_HD inline
#endif

// Asks the device compiler to unroll a short loop with a fixed bound (host compilers unroll alone).
#if defined(__CUDA_ARCH__)
#define SNN_UNROLL _Pragma("unroll")
#else
#define SNN_UNROLL
#endif

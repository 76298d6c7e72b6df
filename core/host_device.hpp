#pragma once
// Functions marked SNN_HD are compiled for both backends: the CPU engine calls them directly and the
// CUDA engine calls the very same code from its kernels, so one model definition serves both.
#if defined(__CUDACC__)
#define SNN_HD __host__ __device__ __forceinline__
#else
#define SNN_HD inline
#endif

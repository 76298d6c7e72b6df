#include "plot/power_spectrum.hpp"

#include <algorithm>
#include <cmath>
#include <complex>

namespace snn::plot {
namespace {

// In-place iterative radix-2 transform; `data.size()` is a power of two. No FFT library is among the
// project's dependencies, and a figure's few thousand samples need nothing faster.
void fft(std::vector<std::complex<double>>& data) {
  const size_t n = data.size();
  for (size_t i = 1, j = 0; i < n; ++i) {
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(data[i], data[j]);
  }
  for (size_t length = 2; length <= n; length <<= 1) {
    const double angle = -2 * M_PI / static_cast<double>(length);
    const std::complex<double> step(std::cos(angle), std::sin(angle));
    for (size_t start = 0; start < n; start += length) {
      std::complex<double> w(1, 0);
      for (size_t k = 0; k < length / 2; ++k) {
        const std::complex<double> a = data[start + k], b = data[start + k + length / 2] * w;
        data[start + k] = a + b;
        data[start + k + length / 2] = a - b;
        w *= step;
      }
    }
  }
}

}  // namespace

PowerSpectrum welch_spectrum(const std::vector<double>& signal, double sample_ms, size_t segment_samples) {
  PowerSpectrum out;
  if (signal.size() < 16 || !(sample_ms > 0)) return out;
  size_t n = 16;
  while (n * 2 <= std::min(signal.size(), segment_samples)) n *= 2;
  double mean = 0;
  for (double v : signal) mean += v;
  mean /= static_cast<double>(signal.size());
  std::vector<double> window(n), sums(n / 2 + 1, 0.0);
  double window_power = 0;
  for (size_t k = 0; k < n; ++k) {
    window[k] = 0.5 - 0.5 * std::cos(2 * M_PI * static_cast<double>(k) / static_cast<double>(n));
    window_power += window[k] * window[k];
  }
  const double rate_hz = 1000.0 / sample_ms;
  std::vector<std::complex<double>> data(n);
  for (size_t start = 0; start + n <= signal.size(); start += n / 2) {
    for (size_t k = 0; k < n; ++k) data[k] = (signal[start + k] - mean) * window[k];
    fft(data);
    for (size_t k = 0; k <= n / 2; ++k) sums[k] += std::norm(data[k]) / (rate_hz * window_power) * (k == 0 || k == n / 2 ? 1 : 2);
    ++out.segments;
  }
  for (size_t k = 1; k <= n / 2; ++k) {
    out.frequency_hz.push_back(static_cast<double>(k) * rate_hz / static_cast<double>(n));
    out.power.push_back(sums[k] / out.segments);
  }
  return out;
}

double peak_frequency(const PowerSpectrum& spectrum, double min_hz) {
  double best = 0, at = 0;
  for (size_t k = 0; k < spectrum.power.size(); ++k)
    if (spectrum.frequency_hz[k] >= min_hz && spectrum.power[k] > best) best = spectrum.power[k], at = spectrum.frequency_hz[k];
  return at;
}

}  // namespace snn::plot

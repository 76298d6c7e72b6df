#pragma once
// The power spectrum of a population's rate, by Welch's method: the rate signal cut into half-
// overlapping segments, each Hann-windowed and transformed, their periodograms averaged. A population
// rhythm (a synchronous state's fast oscillation) shows as a peak well above the flat floor that
// independent Poisson spiking gives.
#include <cstddef>
#include <vector>

namespace snn::plot {

struct PowerSpectrum {
  std::vector<double> frequency_hz;  // from the first non-zero frequency to the Nyquist frequency
  std::vector<double> power;         // (spikes/s)^2 / Hz, one-sided
  int segments = 0;                  // periodograms averaged
};

// `signal` sampled every `sample_ms`; segments of at most `segment_samples` (a power of two; shorter
// signals use the largest power of two that fits). Empty for fewer than 16 samples.
PowerSpectrum welch_spectrum(const std::vector<double>& signal, double sample_ms, size_t segment_samples = 1024);

// The frequency of the highest power at or above `min_hz` (0 when the spectrum is empty).
double peak_frequency(const PowerSpectrum& spectrum, double min_hz);

}  // namespace snn::plot

#include "models/recursive_least_squares.hpp"

namespace snn {

RecursiveLeastSquares::RecursiveLeastSquares(uint32_t inputs, uint32_t outputs, double alpha)
    : n_(inputs), outputs_(outputs), p_(static_cast<size_t>(inputs) * inputs, 0.0), w_(static_cast<size_t>(outputs) * inputs, 0.0),
      k_(inputs, 0.0) {
  for (uint32_t i = 0; i < n_; ++i) p_[static_cast<size_t>(i) * n_ + i] = 1.0 / alpha;
}

void RecursiveLeastSquares::predict(const std::vector<double>& r, std::vector<double>& z) const {
  z.assign(outputs_, 0.0);
  for (uint32_t o = 0; o < outputs_; ++o) {
    const double* row = w_.data() + static_cast<size_t>(o) * n_;
    double sum = 0.0;
    for (uint32_t i = 0; i < n_; ++i) sum += row[i] * r[i];
    z[o] = sum;
  }
}

void RecursiveLeastSquares::update(const std::vector<double>& r, const std::vector<double>& z, const std::vector<double>& y) {
  double rk = 0.0;
  for (uint32_t i = 0; i < n_; ++i) {
    const double* row = p_.data() + static_cast<size_t>(i) * n_;
    double sum = 0.0;
    for (uint32_t j = 0; j < n_; ++j) sum += row[j] * r[j];
    k_[i] = sum;
    rk += r[i] * sum;
  }
  const double c = 1.0 / (1.0 + rk);
  for (uint32_t i = 0; i < n_; ++i) {
    double* row = p_.data() + static_cast<size_t>(i) * n_;
    const double ck = c * k_[i];
    for (uint32_t j = 0; j < n_; ++j) row[j] -= ck * k_[j];
  }
  for (uint32_t o = 0; o < outputs_; ++o) {
    double* row = w_.data() + static_cast<size_t>(o) * n_;
    const double ce = c * (z[o] - y[o]);
    for (uint32_t i = 0; i < n_; ++i) row[i] -= ce * k_[i];
  }
}

double RecursiveLeastSquares::p_trace() const {
  double t = 0.0;
  for (uint32_t i = 0; i < n_; ++i) t += p_[static_cast<size_t>(i) * n_ + i];
  return t;
}

void RecursiveLeastSquares::save(NetworkState& state, const std::string& base) const {
  state.put(base + "p", p_);
  state.put(base + "weights", w_);
}

void RecursiveLeastSquares::restore(const NetworkState& state, const std::string& base) {
  state.take(base + "p", p_);
  state.take(base + "weights", w_);
}

}  // namespace snn

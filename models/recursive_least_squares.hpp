#pragma once
// Recursive least squares for a linear readout z = W r (FORCE learning: Sussillo & Abbott 2009, Neuron
// 63:544; with spiking networks, Nicola & Clopath 2017, Nat. Commun. 8:2208). P estimates the inverse
// correlation of r, starting at I / alpha; each update, with error e = z - y,
//   k = P r,  c = 1 / (1 + r.k),  P <- P - c k k^T,  W <- W - c e k^T
// which is exact least squares over every sample seen so far. Without a forgetting factor P shrinks as
// samples accumulate: the readout converges within a few updates but its learning rate then decays like
// 1/n, so a change in the task long after training is followed only slowly.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/network_state.hpp"

namespace snn {

class RecursiveLeastSquares {
 public:
  RecursiveLeastSquares(uint32_t inputs, uint32_t outputs, double alpha);

  // z = W r, one value per output.
  void predict(const std::vector<double>& r, std::vector<double>& z) const;
  // One update towards targets y, with z = predict(r).
  void update(const std::vector<double>& r, const std::vector<double>& z, const std::vector<double>& y);

  const std::vector<double>& weights() const { return w_; }  // outputs x inputs, row-major
  double p_trace() const;  // the trace of P: how much learning rate is left
  // P and W under `base` ("p", "weights"), and back.
  void save(NetworkState& state, const std::string& base) const;
  void restore(const NetworkState& state, const std::string& base);

 private:
  uint32_t n_, outputs_;
  std::vector<double> p_;  // n x n, symmetric
  std::vector<double> w_;
  std::vector<double> k_;
};

}  // namespace snn

#pragma once
// What training layers pass each other: a sequence of time steps, each a batch of samples, each a
// vector of values ([steps, batch, width], row-major, as SpikingJelly's multi-step layers lay it out),
// and a trainable parameter with its gradient.
#include <cstdint>
#include <string>
#include <vector>

namespace snn::training {

template <typename Real>
struct Sequence {
  int64_t steps = 0, batch = 0, width = 0;
  std::vector<Real> values;

  Sequence() = default;
  Sequence(int64_t t, int64_t b, int64_t w, Real fill = Real(0))
      : steps(t), batch(b), width(w), values(static_cast<size_t>(t * b * w), fill) {}
  int64_t rows() const { return steps * batch; }
  Real* row(int64_t r) { return values.data() + r * width; }
  const Real* row(int64_t r) const { return values.data() + r * width; }
  Real* at(int64_t t, int64_t b) { return row(t * batch + b); }
  const Real* at(int64_t t, int64_t b) const { return row(t * batch + b); }
};

template <typename Real>
struct Parameter {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<Real> value, gradient;
};

}  // namespace snn::training

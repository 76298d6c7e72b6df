// The layer models' LIF neurons against their closed forms.
#include "neurons/multistep_lif.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace snn {
namespace {

std::vector<float> run(const MultiStepLif& n, float x, uint32_t steps) {
  std::vector<float> input(steps, x), spikes(steps);
  float v = n.v_reset;
  multistep_lif_run(n, v, input.data(), spikes.data(), steps, 1, 0);
  return spikes;
}

TEST(MultiStepLif, ConstantDriveFiresAtTheAnalyticInterval) {
  // decay_input, hard reset to 0, threshold 1: from rest, V_n = x (1 - (1 - 1/tau)^n), so the first
  // spike comes at the smallest n with V_n >= 1, and the reset makes the train periodic.
  for (float tau : {2.0f, 4.0f}) {
    for (float x : {1.1f, 1.5f, 3.0f}) {
      MultiStepLif n;
      n.reciprocal_tau = 1.0f / tau;
      const double decay = 1.0 - 1.0 / tau;
      const int period = static_cast<int>(std::ceil(std::log(1.0 - 1.0 / x) / std::log(decay)));
      const std::vector<float> s = run(n, x, 40);
      for (int t = 0; t < 40; ++t)
        EXPECT_EQ(s[t], (t + 1) % period == 0 ? 1.0f : 0.0f) << "tau " << tau << " x " << x << " step " << t;
    }
  }
  MultiStepLif n;
  const std::vector<float> below = run(n, 0.99f, 200);  // V tends to x < threshold: never fires
  for (float s : below) EXPECT_EQ(s, 0.0f);
}

TEST(MultiStepLif, SoftResetIntegratorCountsTheInput) {
  // Without leak (1/tau = 0, no input decay) and with reset by subtraction, the neuron is an
  // integrate-and-fire counter: after T steps of drive x it has fired floor(T x / V_th) times.
  MultiStepLif n;
  n.reciprocal_tau = 0.0f;
  n.decay_input = false;
  n.hard_reset = false;
  n.v_threshold = 0.5f;
  for (float x : {0.25f, 0.375f, 0.4375f}) {
    float total = 0.0f;
    for (float s : run(n, x, 64)) total += s;
    EXPECT_EQ(total, std::floor(64 * x / 0.5f)) << x;
  }
}

TEST(MultiStepLif, ParametricLifWithZeroParameterIsTauTwo) {
  // SpikingJelly initialises w = -ln(tau0 - 1): tau0 = 2 gives w = 0 and 1/tau = sigmoid(0) = 1/2.
  EXPECT_EQ(parametric_lif_reciprocal_tau(0.0f), 0.5f);
  EXPECT_NEAR(parametric_lif_reciprocal_tau(-std::log(4.0f - 1.0f)), 0.25f, 1e-7f);
  // No input decay, hard reset to a non-zero potential: H = V - (V - V_reset)/tau + X.
  MultiStepLif n;
  n.decay_input = false;
  n.v_reset = 0.2f;
  float v = 0.2f;
  EXPECT_EQ(multistep_lif_step(n, v, 0.5f), 0.0f);
  EXPECT_FLOAT_EQ(v, 0.7f);
  EXPECT_EQ(multistep_lif_step(n, v, 0.6f), 1.0f);  // 0.7 - 0.25 + 0.6 = 1.05
  EXPECT_EQ(v, 0.2f);
}

}  // namespace
}  // namespace snn

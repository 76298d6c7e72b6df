// The shipped networks: population rates and irregularity within published or peer ranges.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include <cmath>

#include "io/experiment_loader.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

const PopulationSummary& find(const RunResult& r, const std::string& name) {
  for (const auto& s : r.summaries)
    if (s.name == name) return s;
  throw std::runtime_error("no population " + name);
}

TEST(Networks, Izhikevich2003RatesMatchThePublishedProgram) {
  // Peer range: the MATLAB program published with Izhikevich (2003), ported line by line to numpy
  // (same-step synaptic input) and run for seeds 1-5, gave 7.5-7.9 Hz (excitatory) and 7.2-7.6 Hz
  // (inhibitory) over 1 s; we allow 30% around that for the different random draws.
  const RunResult r = run_yaml(read_text(source_path("experiments/izhikevich2003.yaml")), {}, 2);
  EXPECT_GT(find(r, "excitatory").mean_rate_hz, 5.2);
  EXPECT_LT(find(r, "excitatory").mean_rate_hz, 10.3);
  EXPECT_GT(find(r, "inhibitory").mean_rate_hz, 5.0);
  EXPECT_LT(find(r, "inhibitory").mean_rate_hz, 9.9);
}

TEST(Networks, CobaRatesMatchBrian2) {
  // Peer range: Brian2 2.5.1 (C++ standalone, benchmarks/brian2_coba.py, exact integration) on the
  // same model gives 20.4-23.2 Hz and a CV of ISI of 1.5-1.6 (two runs, different random draws);
  // we allow the range below for our different draws.
  const RunResult r = run_yaml(read_text(source_path("experiments/coba.yaml")), {}, 2);
  for (const char* name : {"excitatory", "inhibitory"}) {
    EXPECT_GT(find(r, name).mean_rate_hz, 12.0) << name;
    EXPECT_LT(find(r, name).mean_rate_hz, 30.0) << name;
    EXPECT_GT(find(r, name).cv_isi, 1.0) << name;  // bursty-irregular in this model
    EXPECT_LT(find(r, name).cv_isi, 2.2) << name;
  }
}

// Brunel (2000) Eqs. 21-22: the stationary rate of a LIF neuron driven by Gaussian input of mean mu
// and deviation sigma, 1/nu = tau_rp + tau sqrt(pi) int_{(V_r-mu)/sigma}^{(theta-mu)/sigma} e^{u^2}(1+erf u) du,
// solved self-consistently with mu and sigma depending on nu itself.
double brunel_mean_field_rate(double g, double eta) {
  const double tau = 0.020, tau_rp = 0.002, theta = 20, V_r = 10, J = 0.1, C_E = 1000, gamma = 0.25;
  const double nu_ext = eta * theta / (J * C_E * tau);
  auto output_rate = [&](double nu) {
    const double mu = C_E * J * tau * (nu_ext + nu * (1 - gamma * g));
    const double sigma = J * std::sqrt(C_E * tau * (nu_ext + nu * (1 + gamma * g * g)));
    const double lo = (V_r - mu) / sigma, hi = (theta - mu) / sigma;
    const int n = 20000;
    double integral = 0;
    for (int k = 0; k < n; ++k) {  // midpoint rule
      const double u = lo + (k + 0.5) * (hi - lo) / n;
      integral += std::exp(u * u) * std::erfc(-u);
    }
    integral *= (hi - lo) / n;
    return 1.0 / (tau_rp + tau * std::sqrt(M_PI) * integral);
  };
  double lo = 0, hi = 500;
  for (int k = 0; k < 60; ++k) {
    const double mid = 0.5 * (lo + hi);
    (output_rate(mid) > mid ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

TEST(Networks, BrunelAsynchronousIrregularMatchesMeanFieldTheory) {
  const double predicted = brunel_mean_field_rate(6, 4);
  ASSERT_NEAR(predicted, 55.8, 0.5);  // the theory itself, as computed independently in scipy
  const RunResult r = run_yaml(read_text(source_path("experiments/brunel.yaml")), {"simulation.duration=300"}, 2);
  for (const char* name : {"excitatory", "inhibitory"}) {
    // Brunel (2000) Fig. 8B: the simulated rate lies within ~10% of the diffusion approximation,
    // and firing is irregular (CV of ISI near but below 1: refractoriness at ~55 Hz).
    EXPECT_NEAR(find(r, name).mean_rate_hz, predicted, 0.1 * predicted) << name;
    EXPECT_GT(find(r, name).cv_isi, 0.5) << name;
    EXPECT_LT(find(r, name).cv_isi, 1.1) << name;
  }
}

TEST(Networks, SpatialBrunelHasBrunelsInDegreesAndStateOnItsSheet) {
  // Gaussian distance-dependent connectivity on a periodic sheet, tuned to Brunel's mean in-degrees:
  // the network keeps Brunel's asynchronous irregular state; in-degrees now vary from neuron to
  // neuron (Poisson-like), which spreads the rates but keeps their mean near the mean-field value.
  const double predicted = brunel_mean_field_rate(6, 4);
  const RunResult r = run_yaml(read_text(source_path("experiments/spatial_brunel.yaml")), {"simulation.duration=300"}, 2);
  const double per_target[] = {10000, 2500, 10000, 2500};  // targets of E->E, E->I, I->E, I->I
  const double in_degree[] = {1000, 1000, 250, 250};
  for (int j = 0; j < 4; ++j) EXPECT_NEAR(r.synapses[j] / per_target[j], in_degree[j], 0.01 * in_degree[j]) << "projection " << j;
  for (const char* name : {"excitatory", "inhibitory"}) {
    EXPECT_NEAR(find(r, name).mean_rate_hz, predicted, 0.15 * predicted) << name;
    EXPECT_GT(find(r, name).cv_isi, 0.5) << name;
    EXPECT_LT(find(r, name).cv_isi, 1.1) << name;
  }
}

// At scale 0.1 (in-degrees and DC scaled as the experiment describes) every population fires within
// 20% of the full model's rate: the reference implementation's full-scale rates (spikes/s), which the
// full model here reproduces (docs/benchmarks.md), measured after the onset transient.
TEST(Networks, ScaledMicrocircuitKeepsTheFullModelsRates) {
  const std::map<std::string, double> full{{"L23E", 0.943}, {"L23I", 3.026}, {"L4E", 4.368}, {"L4I", 5.882},
                                           {"L5E", 7.733},  {"L5I", 8.664},  {"L6E", 1.096}, {"L6I", 7.851}};
  const ExperimentSpec spec = load_experiment_file(source_path("experiments/microcircuit.yaml"),
                                                   {"constants.scale=0.1", "simulation.duration=1500"});
  const RunResult r = run_spec(spec, 2);
  const uint64_t transient = static_cast<uint64_t>(500 / spec.dt_ms);
  ASSERT_EQ(r.spikes.size(), 8u);
  for (size_t p = 0; p < 8; ++p) {
    const PopulationSpec& pop = spec.populations[p];
    const auto counted = std::count_if(r.spikes[p].begin(), r.spikes[p].end(), [&](const Spike& s) { return s.step >= transient; });
    const double rate = static_cast<double>(counted) / pop.size / 1.0;
    EXPECT_NEAR(rate, full.at(pop.name), 0.2 * full.at(pop.name)) << pop.name;
  }
}

}  // namespace
}  // namespace snn::testing

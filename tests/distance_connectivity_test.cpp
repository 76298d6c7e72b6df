// Distance-dependent connectivity (core/distance_connectivity.hpp) on grids and random sheets: the
// connection probability against distance is the Gaussian profile, nothing connects beyond the
// cutoff, a periodic sheet wraps around its edges, the expected count used for memory estimates is
// the built one, and bad sheets are refused with their place in the file.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/connectivity.hpp"
#include "core/network.hpp"
#include "io/experiment_error.hpp"
#include "io/experiment_loader.hpp"

namespace snn {
namespace {

ConnectorSpec gaussian(double p, double sigma, double cutoff, bool periodic) {
  ConnectorSpec c;
  c.kind = ConnectorKind::kDistanceGaussian;
  c.probability = p, c.sigma = sigma, c.cutoff = cutoff, c.periodic = periodic;
  return c;
}

PositionSpec grid(uint32_t columns, double spacing) {
  PositionSpec g;
  g.columns = columns;
  g.spacing = spacing;
  return g;
}

// The distance between two neurons of a sheet, wrapped on a torus of its extent when periodic.
double distance(const NeuronPositions& a, uint32_t i, const NeuronPositions& b, uint32_t j, bool periodic) {
  double dx = b.x[j] - a.x[i], dy = b.y[j] - a.y[i];
  if (periodic) {
    dx -= b.width * std::round(dx / b.width);
    dy -= b.height * std::round(dy / b.height);
  }
  return std::sqrt(dx * dx + dy * dy);
}

TEST(DistanceConnectivity, ConnectionProbabilityFollowsTheGaussianProfile) {
  // A 60 x 60 periodic grid onto itself: every neuron sees the same surroundings, so the fraction of
  // pairs connected in each distance bin estimates p exp(-d^2 / 2 sigma^2) over 3600 sources.
  const double p = 0.8, sigma = 3.0;
  const NeuronPositions sheet = place_neurons(grid(60, 1.0), 3600, 1, 0);
  const SynapseTable t = connect(gaussian(p, sigma, 4 * sigma, true), 3600, 3600, true, 21, 0, &sheet, &sheet);
  std::vector<double> pairs(13, 0.0), connected(13, 0.0), expected(13, 0.0);
  for (uint32_t i = 0; i < 3600; ++i) {
    uint64_t k = t.row_offsets[i];
    for (uint32_t j = 0; j < 3600; ++j) {
      const double d = distance(sheet, i, sheet, j, true);
      if (d > 12.0) continue;
      const bool is_connected = k < t.row_offsets[i + 1] && t.targets[k] == j;
      k += is_connected;
      const size_t bin = static_cast<size_t>(d);
      pairs[bin] += 1, connected[bin] += is_connected, expected[bin] += p * std::exp(-d * d / (2 * sigma * sigma));
    }
    ASSERT_EQ(k, t.row_offsets[i + 1]) << "row " << i << " holds only neurons within the cutoff";
  }
  for (size_t bin = 0; bin < 12; ++bin) {
    const double mean = expected[bin] / pairs[bin], fraction = connected[bin] / pairs[bin];
    const double sd = std::sqrt(mean * (1 - mean) / pairs[bin]);
    EXPECT_NEAR(fraction, mean, 5 * sd + 1e-9) << "distance " << bin << " to " << bin + 1;
  }
  EXPECT_GT(connected[0] / pairs[0], 0.7);
  EXPECT_LT(connected[8] / pairs[8], 0.05);
}

TEST(DistanceConnectivity, NothingConnectsBeyondTheCutoffAndPeriodicSheetsWrap) {
  const NeuronPositions sheet = place_neurons(grid(40, 10.0), 1600, 1, 0);  // 400 x 400
  for (const bool periodic : {false, true}) {
    const SynapseTable t = connect(gaussian(1.0, 30.0, 25.0, periodic), 1600, 1600, true, 3, 0, &sheet, &sheet);
    bool wrapped = false;
    for (uint32_t i = 0; i < 1600; ++i)
      for (uint64_t k = t.row_offsets[i]; k < t.row_offsets[i + 1]; ++k) {
        EXPECT_LE(distance(sheet, i, sheet, t.targets[k], periodic), 25.0 + 1e-4);
        wrapped = wrapped || distance(sheet, i, sheet, t.targets[k], false) > 25.0 + 1e-4;
      }
    EXPECT_EQ(wrapped, periodic) << "only a periodic sheet joins neurons across its edges";
  }
}

TEST(DistanceConnectivity, ExpectedCountIsTheBuiltOneOnAPeriodicSheet) {
  PositionSpec uniform;
  uniform.layout = PositionSpec::Layout::kUniform;
  uniform.width = 1000, uniform.height = 800;
  const NeuronPositions a = place_neurons(uniform, 4000, 9, 0), b = place_neurons(uniform, 3000, 9, 1);
  for (uint32_t i = 0; i < 4000; ++i) {
    ASSERT_LT(std::abs(a.x[i]), 500.0f);
    ASSERT_LT(std::abs(a.y[i]), 400.0f);
  }
  EXPECT_NE(a.x, b.x) << "each population draws its own places";
  const ConnectorSpec c = gaussian(0.5, 40.0, 120.0, true);
  const SynapseTable t = connect(c, 4000, 3000, false, 2, 0, &a, &b);
  EXPECT_NEAR(double(t.size()), expected_synapse_count(c, 4000, 3000, 1000.0 * 800.0), 0.03 * t.size());
}

std::string two_sheets(const std::string& a_positions, const std::string& connector) {
  return R"(
simulation: {dt: 0.1, duration: 10, seed: 1}
populations:
  a: {model: lif, size: 100)" + a_positions + R"(}
  b: {model: lif, size: 100, positions: {grid: {columns: 10, spacing: 1}}}
projections:
  - {source: a, target: b, connector: )" + connector + R"(, synapse: {type: delta}, weight: 1, delay: 1}
)";
}

void expect_error(const std::string& yaml, int line, int column, const std::string& fragment) {
  try {
    load_experiment_text(yaml, "bad.yaml");
    FAIL() << "expected an error containing: " << fragment;
  } catch (const ExperimentError& e) {
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_EQ(e.column(), column) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(DistanceConnectivity, SheetsAreCheckedWhereTheExperimentSaysThem) {
  const std::string gauss = "{rule: distance_gaussian, p: 0.5, sigma: 2}";
  expect_error(two_sheets("", gauss), 7, 39, "distance_gaussian needs positions for population 'a'");
  expect_error(two_sheets(", positions: {grid: {columns: 20, spacing: 1}}", "{rule: distance_gaussian, p: 0.5, sigma: 2, periodic: true}"),
               7, 93, "'a' and 'b' lie on sheets of different extents (20 x 5 and 10 x 10)");
  expect_error(two_sheets(", positions: {hexagonal: {n: 3}}", gauss), 4, 42, "unknown key 'hexagonal' in population 'a'.positions");
  expect_error(two_sheets(", positions: {grid: {columns: 10}}", "{rule: distance_gaussian, p: 0.5}"), 7, 39,
               "missing required key 'sigma'");
  expect_error(two_sheets(", positions: {grid: {columns: 10}}", "{rule: fixed_probability, p: 0.5, sigma: 2}"), 7, 80,
               "'sigma' does not apply to fixed_probability");
  // A valid pair of sheets builds: the grid of a is 10 x 10 at spacing 1, as b's.
  const ExperimentSpec spec = load_experiment_text(two_sheets(", positions: {grid: {columns: 10}}", gauss), "ok.yaml");
  EXPECT_GT(build_network(spec).projections[0].synapses.size(), 100u);
}

}  // namespace
}  // namespace snn

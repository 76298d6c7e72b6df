// Connectivity rules: exact counts where the rule fixes them, statistics where it draws them.
#include "core/connectivity.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <algorithm>
#include <set>

namespace snn {
namespace {

ConnectorSpec rule(ConnectorKind kind, double p = 0, uint64_t count = 0, bool autapses = true, bool multapses = true) {
  ConnectorSpec c;
  c.kind = kind;
  c.probability = p;
  c.count = count;
  c.allow_autapses = autapses;
  c.allow_multapses = multapses;
  return c;
}

std::vector<uint64_t> in_degrees(const SynapseTable& t, uint32_t targets) {
  std::vector<uint64_t> degree(targets, 0);
  for (uint32_t target : t.targets) degree[target] += 1;
  return degree;
}

TEST(Connectivity, AllToAllWithoutAutapses) {
  const SynapseTable t = connect(rule(ConnectorKind::kAllToAll, 0, 0, false), 50, 50, true, 1, 0);
  EXPECT_EQ(t.size(), 50u * 49u);
  for (uint32_t i = 0; i < 50; ++i)
    for (uint64_t k = t.row_offsets[i]; k < t.row_offsets[i + 1]; ++k) EXPECT_NE(t.targets[k], i);
}

TEST(Connectivity, OneToOne) {
  const SynapseTable t = connect(rule(ConnectorKind::kOneToOne), 20, 20, false, 1, 0);
  ASSERT_EQ(t.size(), 20u);
  for (uint32_t i = 0; i < 20; ++i) EXPECT_EQ(t.targets[t.row_offsets[i]], i);
  EXPECT_THROW(connect(rule(ConnectorKind::kOneToOne), 20, 21, false, 1, 0), std::invalid_argument);
}

TEST(Connectivity, FixedProbabilityCountIsBinomial) {
  const uint32_t n = 2000;
  const double p = 0.05;
  const SynapseTable t = connect(rule(ConnectorKind::kFixedProbability, p), n, n, false, 3, 0);
  const double mean = p * n * n, sd = std::sqrt(n * double(n) * p * (1 - p));
  EXPECT_NEAR(static_cast<double>(t.size()), mean, 5 * sd);
  // Targets in a row are strictly increasing (no multapses) and in range.
  for (uint32_t i = 0; i < n; ++i)
    for (uint64_t k = t.row_offsets[i] + 1; k < t.row_offsets[i + 1]; ++k) ASSERT_LT(t.targets[k - 1], t.targets[k]);
  // Each target's in-degree is binomial too: their variance must be near n p (1 - p).
  const auto degree = in_degrees(t, n);
  double sum = 0, square = 0;
  for (uint64_t d : degree) sum += d, square += double(d) * d;
  const double variance = square / n - (sum / n) * (sum / n);
  EXPECT_NEAR(variance, n * p * (1 - p), 0.15 * n * p * (1 - p));
}

TEST(Connectivity, ProbabilityZeroAndOne) {
  EXPECT_EQ(connect(rule(ConnectorKind::kFixedProbability, 0.0), 30, 40, false, 1, 0).size(), 0u);
  EXPECT_EQ(connect(rule(ConnectorKind::kFixedProbability, 1.0), 30, 40, false, 1, 0).size(), 1200u);
  EXPECT_EQ(connect(rule(ConnectorKind::kFixedProbability, 1.0, 0, false), 30, 30, true, 1, 0).size(), 870u);
}

TEST(Connectivity, FixedInDegreeIsExactPerTarget) {
  const SynapseTable t = connect(rule(ConnectorKind::kFixedInDegree, 0, 25, false, false), 100, 80, true, 9, 2);
  for (uint64_t d : in_degrees(t, 80)) EXPECT_EQ(d, 25u);
  // No autapses and no multapses: every (source, target) pair at most once, never i -> i.
  std::set<std::pair<uint32_t, uint32_t>> pairs;
  for (uint32_t i = 0; i < 100; ++i)
    for (uint64_t k = t.row_offsets[i]; k < t.row_offsets[i + 1]; ++k) {
      EXPECT_NE(t.targets[k], i);
      EXPECT_TRUE(pairs.insert({i, t.targets[k]}).second);
    }
}

TEST(Connectivity, FixedOutDegreeIsExactPerSource) {
  const SynapseTable t = connect(rule(ConnectorKind::kFixedOutDegree, 0, 7), 40, 60, false, 4, 1);
  for (uint32_t i = 0; i < 40; ++i) EXPECT_EQ(t.row_offsets[i + 1] - t.row_offsets[i], 7u);
}

TEST(Connectivity, FixedTotalNumber) {
  const SynapseTable t = connect(rule(ConnectorKind::kFixedTotalNumber, 0, 12345, false), 300, 300, true, 4, 1);
  EXPECT_EQ(t.size(), 12345u);
  for (uint32_t i = 0; i < 300; ++i)
    for (uint64_t k = t.row_offsets[i]; k < t.row_offsets[i + 1]; ++k) EXPECT_NE(t.targets[k], i);
}

TEST(Connectivity, EveryRuleWritesRowsInTargetOrder) {
  // The engines split a row between threads by binary search on its targets.
  for (const ConnectorSpec& c : {rule(ConnectorKind::kAllToAll), rule(ConnectorKind::kFixedProbability, 0.2),
                                 rule(ConnectorKind::kFixedInDegree, 0, 30), rule(ConnectorKind::kFixedOutDegree, 0, 30),
                                 rule(ConnectorKind::kFixedTotalNumber, 0, 5000)}) {
    const SynapseTable t = connect(c, 200, 150, false, 8, 0);
    for (uint32_t i = 0; i < 200; ++i)
      EXPECT_TRUE(std::is_sorted(t.targets.begin() + t.row_offsets[i], t.targets.begin() + t.row_offsets[i + 1]))
          << connector_kind_name(c.kind) << " row " << i;
  }
}

TEST(Connectivity, SameTablesOnAnyThreadCount) {
  for (const ConnectorSpec& c : {rule(ConnectorKind::kFixedTotalNumber, 0, 100000), rule(ConnectorKind::kFixedInDegree, 0, 40),
                                 rule(ConnectorKind::kFixedProbability, 0.05)}) {
    omp_set_num_threads(1);
    const SynapseTable one = connect(c, 3000, 2000, false, 5, 2);
    omp_set_num_threads(3);
    const SynapseTable three = connect(c, 3000, 2000, false, 5, 2);
    omp_set_num_threads(omp_get_num_procs());
    EXPECT_EQ(one.row_offsets, three.row_offsets) << connector_kind_name(c.kind);
    EXPECT_EQ(one.targets, three.targets) << connector_kind_name(c.kind);
  }
}

TEST(Connectivity, SameSeedSameSynapsesDifferentSeedDifferent) {
  const auto c = rule(ConnectorKind::kFixedProbability, 0.1);
  const SynapseTable a = connect(c, 500, 500, false, 42, 3), b = connect(c, 500, 500, false, 42, 3);
  const SynapseTable other = connect(c, 500, 500, false, 43, 3);
  EXPECT_EQ(a.targets, b.targets);
  EXPECT_EQ(a.row_offsets, b.row_offsets);
  EXPECT_NE(a.targets, other.targets);
}

}  // namespace
}  // namespace snn

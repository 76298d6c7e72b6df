#include "core/connectivity.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <omp.h>

#include "core/connectivity_draws.hpp"

namespace snn {
namespace {

// Turns per-row counts into offsets (exclusive prefix sum).
void counts_to_offsets(std::vector<uint64_t>& offsets) {
  uint64_t running = 0;
  for (auto& entry : offsets) {
    const uint64_t count = entry;
    entry = running;
    running += count;
  }
}

// Rows drawn independently per source; `draw_row(i, out)` appends row i's targets in order.
// Two passes (count, then fill) regenerate the same draws, so rows can be filled in parallel.
template <typename DrawRow>
SynapseTable build_by_source(uint32_t source_count, DrawRow draw_row) {
  SynapseTable table;
  table.row_offsets.assign(source_count + 1, 0);
#pragma omp parallel
  {
    std::vector<uint32_t> row;
#pragma omp for schedule(dynamic, 64)
    for (int64_t i = 0; i < static_cast<int64_t>(source_count); ++i) {
      row.clear();
      draw_row(static_cast<uint32_t>(i), row);
      table.row_offsets[i] = row.size();
    }
  }
  counts_to_offsets(table.row_offsets);
  table.targets.resize(table.row_offsets[source_count]);
#pragma omp parallel
  {
    std::vector<uint32_t> row;
#pragma omp for schedule(dynamic, 64)
    for (int64_t i = 0; i < static_cast<int64_t>(source_count); ++i) {
      row.clear();
      draw_row(static_cast<uint32_t>(i), row);
      std::copy(row.begin(), row.end(), table.targets.begin() + static_cast<int64_t>(table.row_offsets[i]));
    }
  }
  return table;
}

// Pairs drawn in some other order (per target, or globally), regrouped by source with a counting
// sort and each row put in target order.
SynapseTable group_by_source(uint32_t source_count, const std::vector<uint32_t>& sources,
                             const std::vector<uint32_t>& targets) {
  // Each thread counts, then places, one contiguous part of the pairs; thread t's pairs of a source
  // go after those of threads before it, so the result does not depend on the thread count.
  const int threads = omp_get_max_threads();
  const size_t n = sources.size();
  std::vector<std::vector<uint64_t>> cursor(threads, std::vector<uint64_t>(source_count, 0));
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    const size_t begin = n * t / threads, end = n * (t + 1) / threads;
    for (size_t k = begin; k < end; ++k) cursor[t][sources[k]] += 1;
  }
  SynapseTable table;
  table.row_offsets.assign(source_count + 1, 0);
  uint64_t running = 0;
  for (uint32_t s = 0; s < source_count; ++s) {
    table.row_offsets[s] = running;
    for (int t = 0; t < threads; ++t) {
      const uint64_t count = cursor[t][s];
      cursor[t][s] = running;
      running += count;
    }
  }
  table.row_offsets[source_count] = running;
  table.targets.resize(n);
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    const size_t begin = n * t / threads, end = n * (t + 1) / threads;
    for (size_t k = begin; k < end; ++k) table.targets[cursor[t][sources[k]]++] = targets[k];
  }
#pragma omp parallel for schedule(dynamic, 256)
  for (int64_t i = 0; i < static_cast<int64_t>(source_count); ++i)
    std::sort(table.targets.begin() + static_cast<int64_t>(table.row_offsets[i]),
              table.targets.begin() + static_cast<int64_t>(table.row_offsets[i + 1]));
  return table;
}

// Draws `count` members of one row into `out`.
void draw_row_members(RowDraws& draws, uint64_t count, uint32_t n, int64_t excluded, bool allow_multapses,
                      std::vector<uint32_t>& out) {
  while (out.size() < count) out.push_back(next_member(draws, n, excluded, allow_multapses, out.data(), out.size()));
}

void check_degree(const ConnectorSpec& c, uint32_t candidates, bool same_population, const char* what) {
  const uint64_t available = candidates - ((same_population && !c.allow_autapses) ? 1u : 0u);
  if (candidates == 0 || available == 0)
    throw std::invalid_argument(std::string(what) + " needs at least one candidate neuron");
  if (!c.allow_multapses && c.count > available)
    throw std::invalid_argument(std::string(what) + " " + std::to_string(c.count) + " exceeds the " +
                                std::to_string(available) + " distinct candidates (allow_multapses is false)");
}

}  // namespace

double expected_synapse_count(const ConnectorSpec& c, uint32_t source_count, uint32_t target_count, double target_area) {
  switch (c.kind) {
    case ConnectorKind::kAllToAll: return double(source_count) * target_count;
    case ConnectorKind::kOneToOne: return target_count;
    case ConnectorKind::kFixedProbability: return c.probability * source_count * target_count;
    case ConnectorKind::kFixedInDegree: return double(c.count) * target_count;
    case ConnectorKind::kFixedOutDegree: return double(c.count) * source_count;
    case ConnectorKind::kFixedTotalNumber: return double(c.count);
    case ConnectorKind::kFromList: return double(c.pairs.size());
    case ConnectorKind::kDistanceGaussian: {
      // p times the profile's integral out to the cutoff, times the target density, per source.
      const double two_sigma_squared = 2.0 * c.sigma * c.sigma;
      const double integral = M_PI * two_sigma_squared * -std::expm1(-c.cutoff * c.cutoff / two_sigma_squared);
      const double per_source = target_area > 0.0 ? c.probability * integral * target_count / target_area : target_count;
      return double(source_count) * std::min<double>(per_source, target_count);
    }
  }
  return 0.0;
}

GaussianProfile gaussian_profile(const ConnectorSpec& c, const NeuronPositions& target) {
  return GaussianProfile{static_cast<float>(c.probability), static_cast<float>(1.0 / (2.0 * c.sigma * c.sigma)),
                         static_cast<float>(c.cutoff * c.cutoff), target.width, target.height, c.periodic};
}

float probability_row_constant(double p) { return p > 0.0 && p < 1.0 ? static_cast<float>(1.0 / std::log1p(-p)) : 0.0f; }

SynapseTable connect(const ConnectorSpec& c, uint32_t source_count, uint32_t target_count, bool same_population,
                     uint64_t seed, uint32_t projection_id, const NeuronPositions* source_positions,
                     const NeuronPositions* target_positions) {
  const RandomStream stream = make_stream(seed, projection_id, StreamPurpose::kConnectivity);
  const bool skip_autapses = same_population && !c.allow_autapses;
  switch (c.kind) {
    case ConnectorKind::kAllToAll:
      return build_by_source(source_count, [&](uint32_t i, std::vector<uint32_t>& row) {
        for (uint32_t j = 0; j < target_count; ++j)
          if (!(skip_autapses && i == j)) row.push_back(j);
      });
    case ConnectorKind::kOneToOne:
      if (source_count != target_count)
        throw std::invalid_argument("one_to_one needs equal sizes, got " + std::to_string(source_count) + " and " +
                                    std::to_string(target_count));
      return build_by_source(source_count, [&](uint32_t i, std::vector<uint32_t>& row) {
        if (!skip_autapses) row.push_back(i);
      });
    case ConnectorKind::kFixedProbability: {
      const float inverse_log_miss = probability_row_constant(c.probability);
      return build_by_source(source_count, [&](uint32_t i, std::vector<uint32_t>& row) {
        ProbabilityRow draws{RowDraws{stream, i}, static_cast<float>(c.probability), inverse_log_miss, target_count};
        for (int64_t j = draws.next(); j >= 0; j = draws.next())
          if (!(skip_autapses && static_cast<uint32_t>(j) == i)) row.push_back(static_cast<uint32_t>(j));
      });
    }
    case ConnectorKind::kFixedOutDegree:
      check_degree(c, target_count, same_population, "fixed_outdegree");
      return build_by_source(source_count, [&](uint32_t i, std::vector<uint32_t>& row) {
        RowDraws draws{stream, i};
        draw_row_members(draws, c.count, target_count, skip_autapses ? static_cast<int64_t>(i) : -1, c.allow_multapses, row);
        std::sort(row.begin(), row.end());
      });
    case ConnectorKind::kFixedInDegree: {
      check_degree(c, source_count, same_population, "fixed_indegree");
      std::vector<uint32_t> sources(static_cast<size_t>(c.count) * target_count), targets(sources.size());
#pragma omp parallel
      {
        std::vector<uint32_t> column;
#pragma omp for schedule(dynamic, 64)
        for (int64_t j = 0; j < static_cast<int64_t>(target_count); ++j) {
          column.clear();
          RowDraws draws{stream, static_cast<uint64_t>(j)};
          draw_row_members(draws, c.count, source_count, skip_autapses ? j : -1, c.allow_multapses, column);
          for (uint64_t k = 0; k < c.count; ++k) {
            sources[j * c.count + k] = column[k];
            targets[j * c.count + k] = static_cast<uint32_t>(j);
          }
        }
      }
      return group_by_source(source_count, sources, targets);
    }
    case ConnectorKind::kFixedTotalNumber: {
      if (source_count == 0 || target_count == 0 || (skip_autapses && source_count == 1 && target_count == 1))
        throw std::invalid_argument("fixed_total_number needs at least one possible pair");
      std::vector<uint32_t> sources(c.count), targets(c.count);
#pragma omp parallel for schedule(static)
      for (int64_t m = 0; m < static_cast<int64_t>(c.count); ++m) {
        total_number_pair(stream, static_cast<uint64_t>(m), source_count, target_count, skip_autapses, sources[m],
                          targets[m]);
      }
      return group_by_source(source_count, sources, targets);
    }
    case ConnectorKind::kFromList: {
      std::vector<uint32_t> sources, targets;
      for (const auto& [source, target] : c.pairs) {
        if (source >= source_count || target >= target_count)
          throw std::invalid_argument("from_list pair (" + std::to_string(source) + ", " + std::to_string(target) +
                                      ") lies outside the populations (" + std::to_string(source_count) + " and " +
                                      std::to_string(target_count) + " neurons)");
        sources.push_back(source);
        targets.push_back(target);
      }
      return group_by_source(source_count, sources, targets);
    }
    case ConnectorKind::kDistanceGaussian: {
      if (source_positions == nullptr || target_positions == nullptr)
        throw std::invalid_argument("distance_gaussian needs positions for both populations");
      const GaussianProfile profile = gaussian_profile(c, *target_positions);
      const NeuronPositions &from = *source_positions, &to = *target_positions;
      return build_by_source(source_count, [&](uint32_t i, std::vector<uint32_t>& row) {
        for (uint32_t j = 0; j < target_count; ++j)
          if (!(skip_autapses && i == j) && gaussian_connects(profile, stream, i, j, from.x[i], from.y[i], to.x[j], to.y[j]))
            row.push_back(j);
      });
    }
  }
  throw std::invalid_argument("unknown connector");
}

}  // namespace snn

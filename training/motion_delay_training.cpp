#include "training/motion_delay_training.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <string>

#include "core/foundation/random_stream.hpp"
#include "neurons/neuron_models.hpp"
#include "training/optimizer.hpp"

namespace snn::training {

double MotionDataset::event_density() const {
  double events = 0, cells = 0;
  for (const EventMovie& m : movies) {
    events += static_cast<double>(m.events.size());
    cells += static_cast<double>(m.active.size());
  }
  return cells > 0 ? events / cells : 0.0;
}

MotionDataset make_motion_dataset(const MotionDelaySettings& s, uint32_t count, uint64_t first) {
  MotionDataset data;
  data.movies.resize(count);
  data.labels.resize(count);
#pragma omp parallel for schedule(dynamic) if (count > 8)
  for (int64_t k = 0; k < static_cast<int64_t>(count); ++k) {
    MotionCloud cloud = s.cloud;
    const uint64_t index = first + static_cast<uint64_t>(k);
    data.labels[k] = static_cast<uint32_t>(index % s.directions);
    cloud.direction_deg = 360.0 * data.labels[k] / s.directions;
    cloud.seed = s.seed * 0x100000001B3ull + index;
    data.movies[k] = movie_events(render_motion_cloud(cloud), cloud.frames, cloud.height, cloud.width, s.event_threshold);
  }
  return data;
}

double motion_accuracy(const MotionDelayClassifier& layer, const MotionDataset& data) {
  uint64_t right = 0, total = 0;
#pragma omp parallel for schedule(dynamic) reduction(+ : right, total) if (data.movies.size() > 4)
  for (int64_t k = 0; k < static_cast<int64_t>(data.movies.size()); ++k) {
    const EventMovie& movie = data.movies[k];
    for (uint32_t decided : layer.decisions(layer.evidence(movie), layer.grid(movie))) {
      right += decided == data.labels[k];
      ++total;
    }
  }
  return total ? static_cast<double>(right) / static_cast<double>(total) : 0.0;
}

MotionDelayClassifier train_motion_delays(const MotionDelaySettings& s, uint32_t delays, const MotionDataset& train,
                                          const MotionDataset& test, const std::function<void(const MotionEpoch&)>& progress) {
  MotionDelayClassifier layer(s.directions, delays, s.kernel);
  Parameter<float> weights{"weights", {}, layer.weights(), std::vector<float>(layer.weights().size())};
  Parameter<float> bias{"bias", {}, layer.bias(), std::vector<float>(layer.bias().size())};
  OptimizerSettings adam;
  adam.learning_rate = s.learning_rate;
  Optimizer<float> optimizer({&weights, &bias}, adam);
  const uint32_t n = static_cast<uint32_t>(train.movies.size());
  const RandomStream shuffle = make_stream(s.seed, delays, StreamPurpose::kTrialStimulus);
  for (uint32_t epoch = 1; epoch <= s.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    // Cosine annealing over the epochs (as PyTorch's CosineAnnealingLR stepped per epoch): the late
    // epochs settle instead of jumping between neighbouring directions.
    const double learning_rate = 0.5 * s.learning_rate * (1.0 + std::cos(M_PI * (epoch - 1) / s.epochs));
    std::vector<uint32_t> order(n);
    for (uint32_t i = 0; i < n; ++i) order[i] = i;
    for (uint32_t i = n; i > 1; --i)  // Fisher-Yates on the epoch's stream
      std::swap(order[i - 1], order[shuffle.block(i, epoch).v[0] % i]);
    double loss = 0;
    for (uint32_t first = 0; first < n; first += s.batch) {
      const uint32_t size = std::min(s.batch, n - first);
      std::vector<std::vector<double>> weight_parts(size, std::vector<double>(weights.value.size(), 0.0)),
          bias_parts(size, std::vector<double>(bias.value.size(), 0.0));
      std::vector<double> losses(size);
#pragma omp parallel for schedule(dynamic)
      for (int64_t k = 0; k < static_cast<int64_t>(size); ++k) {
        const uint32_t movie = order[first + k];
        losses[k] = layer.add_gradient(train.movies[movie], train.labels[movie], weight_parts[k], bias_parts[k]);
      }
      // The batch's mean gradient, its movies added in order: the same bits for any thread count.
      for (size_t i = 0; i < weights.value.size(); ++i) {
        double g = 0;
        for (uint32_t k = 0; k < size; ++k) g += weight_parts[k][i];
        weights.gradient[i] = static_cast<float>(g / size);
      }
      for (size_t i = 0; i < bias.value.size(); ++i) {
        double g = 0;
        for (uint32_t k = 0; k < size; ++k) g += bias_parts[k][i];
        bias.gradient[i] = static_cast<float>(g / size);
      }
      for (double l : losses) loss += l;
      optimizer.step(learning_rate);
      layer.weights() = weights.value;
      layer.bias() = bias.value;
    }
    MotionEpoch report;
    report.epoch = epoch;
    report.loss = loss / n;
    report.test_accuracy = motion_accuracy(layer, test);
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (progress) progress(report);
  }
  return layer;
}

namespace {

// The class with the most of `counts` (classes per entry), or `none` when nothing counted.
uint32_t most(const uint32_t* counts, uint32_t classes, uint32_t none) {
  uint32_t best = none, top = 0;
  for (uint32_t c = 0; c < classes; ++c)
    if (counts[c] > top) top = counts[c], best = c;
  return best;
}

}  // namespace

EngineComparison compare_with_engine(const MotionDelayClassifier& layer, const MotionDataset& data, uint32_t movies, Backend backend) {
  EngineComparison result;
  movies = std::min<uint32_t>(movies, static_cast<uint32_t>(data.movies.size()));
  if (movies == 0) return result;
  const EventMovie& shape = data.movies[0];
  const MotionDelayClassifier::Grid grid = layer.grid(shape);
  const uint32_t classes = layer.classes(), delays = layer.delays(), k = layer.kernel();
  const uint32_t frames = shape.frames, span = frames + delays;  // a movie's steps and the gap after it
  const uint32_t height = shape.height, width = shape.width, positions = grid.height * grid.width;
  ExperimentSpec spec;
  spec.name = "motion_delays";
  spec.dt_ms = 1.0;
  spec.duration_ms = static_cast<double>(movies) * span + 1;
  PopulationSpec source;
  source.name = "events";
  source.kind = PopulationKind::kSpikeSourceArray;
  source.size = 2 * height * width;
  source.spike_times_ms.resize(source.size);
  for (uint32_t m = 0; m < movies; ++m)
    for (int32_t e : data.movies[m].events) {
      const size_t plane = size_t(height) * width, rest = e % (plane * frames);
      const uint32_t neuron = static_cast<uint32_t>(e / (plane * frames) * plane + rest % plane);
      source.spike_times_ms[neuron].push_back(static_cast<double>(m) * span + static_cast<double>(rest / plane) + 1.0);  // ends step t
    }
  spec.populations.push_back(source);
  // Per class two populations of memoryless LIF neurons (tau_m far below the step leaves nothing of the
  // last step, so V is this step's input), one per grid position, threshold -b_c: the kernel as it is
  // and with the polarities swapped. A position's output fires where either does: where max >= -b_c.
  const auto population_name = [](uint32_t c, uint32_t branch) { return "class_" + std::to_string(c) + (branch ? "_swapped" : ""); };
  for (uint32_t c = 0; c < classes; ++c)
    for (uint32_t branch = 0; branch < 2; ++branch) {
      PopulationSpec p;
      p.name = population_name(c, branch);
      p.size = positions;
      p.neuron_model = neuron_model_id("lif");
      p.parameters = {{"tau_m", ValueDistribution::constant(1e-3)}, {"C_m", ValueDistribution::constant(1)},
                      {"E_L", ValueDistribution::constant(0)},      {"V_reset", ValueDistribution::constant(0)},
                      {"t_ref", ValueDistribution::constant(0)},    {"V_th", ValueDistribution::constant(-layer.bias()[c])}};
      spec.populations.push_back(p);
    }
  // Per population and delay, the synapses of the kept weights: input (p, y + ky, x + kx) to neuron (y, x).
  std::vector<std::vector<float>> weights;
  for (uint32_t c = 0; c < classes; ++c)
    for (uint32_t branch = 0; branch < 2; ++branch)
      for (uint32_t d = 0; d < delays; ++d) {
        ProjectionSpec j;
        j.source = "events";
        j.target = population_name(c, branch);
        j.name = j.target + "_delay_" + std::to_string(d);
        j.connector.kind = ConnectorKind::kFromList;
        j.weight = ValueDistribution::constant(0);
        j.delay_ms = ValueDistribution::constant(d + 1.0);  // an event of frame t reaches time t + d, the step after
        std::map<std::pair<uint32_t, uint32_t>, float> kept;
        for (uint32_t p = 0; p < 2; ++p)
          for (uint32_t ky = 0; ky < k; ++ky)
            for (uint32_t kx = 0; kx < k; ++kx) {
              const float w = layer.weights()[layer.weight_index(branch ? 1 - p : p, d, ky, kx, c)];
              if (w == 0.0f) continue;
              for (uint32_t y = 0; y < grid.height; ++y)
                for (uint32_t x = 0; x < grid.width; ++x)
                  kept[{p * height * width + (y + ky) * width + (x + kx), y * grid.width + x}] = w;
            }
        if (kept.empty()) continue;
        for (const auto& [pair, w] : kept) j.connector.pairs.push_back(pair);
        spec.projections.push_back(j);
        weights.emplace_back();
        for (const auto& [pair, w] : kept) weights.back().push_back(w);
      }
  SimulationOptions options;
  options.backend = backend;
  Simulation sim(spec, options);
  // The builder keeps each projection's synapses in its own order: the weights follow the table's pairs.
  for (size_t j = 0; j < spec.projections.size(); ++j) {
    const SynapseTable table = sim.engine().synapse_table(j);
    const std::vector<uint32_t> sources = table.sources();
    std::map<std::pair<uint32_t, uint32_t>, float> by_pair;
    for (size_t i = 0; i < spec.projections[j].connector.pairs.size(); ++i) by_pair[spec.projections[j].connector.pairs[i]] = weights[j][i];
    std::vector<float> ordered(sources.size());
    for (size_t i = 0; i < sources.size(); ++i) ordered[i] = by_pair.at({sources[i], table.targets[i]});
    sim.set_weights(spec.projections[j].name, ordered);
    result.synapses += sources.size();
  }
  const auto start = std::chrono::steady_clock::now();
  sim.run_to_end();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.backend = sim.engine().backend_name();
  result.movies = movies;
  // fired[movie][time][position][class]: the engine's spikes on the grid's times.
  const size_t per_movie = size_t(grid.frames) * positions * classes;
  std::vector<uint8_t> fired(size_t(movies) * per_movie, 0);
  for (uint32_t c = 0; c < classes; ++c)
    for (uint32_t branch = 0; branch < 2; ++branch)
      for (const RecordedSpike& s : sim.spikes(population_name(c, branch))) {
        const uint64_t t_abs = s.step - 1, m = t_abs / span, t = t_abs % span;  // step s holds the evidence of time s - 1
        if (m >= movies || t + 1 < delays || t >= frames) continue;  // partial windows: no evidence to compare
        fired[m * per_movie + ((t + 1 - delays) * positions + s.neuron) * classes + c] = 1;
      }
  for (uint8_t f : fired) result.engine_spikes += f;
  for (uint32_t m = 0; m < movies; ++m) {
    const std::vector<float> dense = layer.engine_sums(data.movies[m]);
    std::vector<uint32_t> engine_counts(classes), dense_counts(classes);
    for (uint32_t t = 0; t < grid.frames; ++t) {
      std::fill(engine_counts.begin(), engine_counts.end(), 0);
      std::fill(dense_counts.begin(), dense_counts.end(), 0);
      for (uint32_t p = 0; p < positions; ++p)
        for (uint32_t c = 0; c < classes; ++c) {
          const size_t cell = (size_t(t) * positions + p) * classes + c;
          const bool engine = fired[m * per_movie + cell] != 0, wanted = dense[cell] >= -layer.bias()[c];
          result.dense_spikes += wanted;
          result.differing += engine != wanted;
          engine_counts[c] += engine;
          dense_counts[c] += wanted;
        }
      const uint32_t decided = most(engine_counts.data(), classes, classes);
      ++result.decisions;
      result.same_decisions += decided == most(dense_counts.data(), classes, classes);
      result.correct += decided == data.labels[m];
    }
  }
  return result;
}

}  // namespace snn::training

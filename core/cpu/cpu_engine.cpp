// The CPU engine: the reference implementation of a time step, parallel over neurons with OpenMP.
// Synaptic input is summed in fixed point, so any thread count gives the same bits.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <utility>
#include <memory>

#include "core/cpu/neuron_block_update.hpp"
#include "core/cpu/plastic_projection.hpp"
#include "core/cpu/row_delivery.hpp"
#include "core/cpu/team_barrier.hpp"
#include "core/engine.hpp"
#include "core/network_changes.hpp"
#include "core/network_state_arrays.hpp"
#include "core/neuron_update.hpp"
#include "core/view_builder.hpp"

namespace snn {
namespace {

// How many spikes ahead delivery prefetches the start of a row (twice as far, its offsets).
constexpr size_t kRowLookahead = 4;

// The CPU engine's views point straight into the network's vectors.
struct InPlace {
  template <typename T>
  T* operator()(std::vector<T>& values) const {
    return values.data();
  }
};

class CpuEngine : public Engine {
 public:
  CpuEngine(Network network, EngineOptions options) : net_(std::move(network)), options_(std::move(options)) {
    threads_ = options_.threads > 0 ? options_.threads : omp_get_num_procs();
    simd_ = resolve_simd_level(options_.simd);
    add_row_ = row_delivery_for(simd_);
    barrier_ = std::make_unique<TeamBarrier>(threads_);
    make_views();
    spikes_.resize(net_.populations.size());
    thread_spikes_.assign(threads_, std::vector<std::vector<uint32_t>>(net_.populations.size()));
    schedule_cursor_.assign(net_.populations.size(), 0);
    events_.assign(threads_, std::vector<uint64_t>(net_.projections.size(), 0));
    pending_steps_.resize(net_.populations.size());
    pending_neurons_.resize(net_.populations.size());
    options_.record_spikes.resize(net_.populations.size(), false);
    plastic_index_.assign(net_.projections.size(), -1);
    for (size_t j = 0; j < net_.projections.size(); ++j) {
      Projection& proj = net_.projections[j];
      if (!proj.plasticity) continue;
      plastic_index_[j] = static_cast<int>(plastic_.size());
      const uint32_t sources = net_.populations[proj.source].size, targets = net_.populations[proj.target].size;
      size_plastic_state(proj, sources, targets, proj.synapses.size());
      plastic_.emplace_back(j, *proj.plasticity, proj.synapses, sources, targets, proj.learning);
    }
    std::vector<uint64_t*> spike_steps;
    for (Population& pop : net_.populations) spike_steps.push_back(pop.last_spike_step.data());
    for (Modulator& m : net_.modulators) modulators_.push_back(make_modulator_view(m, spike_steps, net_.seed, InPlace{}));
    for (ReadoutError& r : net_.readout_errors)
      readout_errors_.push_back(make_readout_error_view(r, spike_steps, modulators_.data(), InPlace{}));
    for (const StateProbe& probe : options_.state_probes)
      probed_values_.push_back(&net_.populations[probe.population].value(probe.variable));
    for (const Projection& proj : net_.projections)
      delivery_.push_back(plan_row_delivery(proj.synapses, proj.plasticity.has_value()));
    split_rows();
  }

  void change_population(size_t population, const std::function<void(Population&)>& change) override {
    change(net_.populations.at(population));
    views_[population] = make_population_view(net_.populations[population], net_.seed, static_cast<uint32_t>(population), InPlace{});
  }

  void change_input(size_t input, const std::function<void(Input&)>& change) override {
    change(net_.inputs.at(input));
    make_views();  // an input's view copies some of its values
  }

  // The schedule is read from the population itself; its cursor finds its place again.
  void change_schedule(size_t population, const std::function<void(Population&)>& change) override {
    change(net_.populations.at(population));
    schedule_cursor_.at(population) = 0;
  }

  void set_weights(size_t projection, const std::vector<float>& weights) override {
    Projection& proj = net_.projections.at(projection);
    check_new_weights(proj.name, proj.synapses.size(), weights);
    std::copy(weights.begin(), weights.end(), proj.synapses.weights.begin());
    RowSplits splits = std::move(delivery_[projection].splits);
    delivery_[projection] = plan_row_delivery(proj.synapses, proj.plasticity.has_value());
    delivery_[projection].splits = std::move(splits);
  }

  void set_plasticity_rule(size_t projection, const PlasticityRule& rule) override {
    Projection& proj = net_.projections.at(projection);
    if (!proj.plasticity || proj.plasticity->id != rule.id)
      throw std::invalid_argument("projection '" + proj.name + "' does not learn by that rule");
    proj.plasticity = rule;
    plastic_[plastic_index_[projection]].set_rule(rule);
  }

  uint64_t current_step() const override { return step_; }
  const char* backend_name() const override { return "cpu"; }
  std::string device_name() const override { return std::to_string(threads_) + " CPU threads"; }
  uint64_t memory_bytes() const override { return net_.state_bytes(); }
  uint64_t synapse_count() const override { return net_.synapse_count(); }
  SynapseTable synapse_table(size_t projection) const override { return net_.projections.at(projection).synapses; }
  std::vector<ProjectionCounts> projection_counts() const override {
    std::vector<ProjectionCounts> counts(net_.projections.size());
    for (size_t j = 0; j < counts.size(); ++j) {
      counts[j].synapses = net_.projections[j].synapses.size();
      for (const std::vector<uint64_t>& per_thread : events_) counts[j].synaptic_events += per_thread[j];
    }
    return counts;
  }

  NetworkState save_state() override {
    NetworkState state;
    save_network_arrays(net_, step_, state);
    const std::vector<ProjectionCounts> counts = projection_counts();
    for (size_t j = 0; j < net_.projections.size(); ++j) {
      const Projection& proj = net_.projections[j];
      if (proj.plasticity) state.put(weights_state_name(proj), proj.synapses.weights);
      state.put(events_state_name(proj), std::vector<uint64_t>{counts[j].synaptic_events});
    }
    return state;
  }

  void restore_state(const NetworkState& state) override {
    restore_network_arrays(state, net_);
    for (size_t j = 0; j < net_.projections.size(); ++j) {
      Projection& proj = net_.projections[j];
      if (proj.plasticity) state.take(weights_state_name(proj), proj.synapses.weights);
      for (std::vector<uint64_t>& per_thread : events_) per_thread[j] = 0;
      events_[0][j] = state.scalar<uint64_t>(events_state_name(proj));
    }
    step_ = state.step;
    std::fill(schedule_cursor_.begin(), schedule_cursor_.end(), 0);
    for (std::vector<uint64_t>& pending : pending_steps_) pending.clear();
    for (std::vector<uint32_t>& pending : pending_neurons_) pending.clear();
  }

  void run(uint64_t steps, RunObserver& observer) override {
    const uint64_t first = step_, last = step_ + steps;
    auto last_report = std::chrono::steady_clock::now();
    stopping_ = false;
#pragma omp parallel num_threads(threads_)
    {
      // The runtime may give fewer threads than asked for (a thread limit): the work is shared among
      // those it gave, which changes no result.
#pragma omp single
      {
        threads_ = omp_get_num_threads();
        if (barrier_->threads() != threads_) {
          barrier_ = std::make_unique<TeamBarrier>(threads_);
          split_rows();
        }
      }
      const int thread = omp_get_thread_num();
      for (uint64_t step = first; step < last; ++step) {
        // Populations and projections are independent of one another, so their loops run without
        // waiting (nowait) and only the phase boundaries synchronize, at the engine's own barrier
        // (team_barrier.hpp: it yields the cores of a shared machine).
        update_populations(step, thread);
        barrier_->wait(thread);
        if (thread == 0) {
          collect_spikes(step);
          // Read by every thread after the next barrier; a failed observer stops the run too.
          stopping_ = observer_failure_ != nullptr || observer.stop_requested();
          observe([&] { report(step, step + 1 == last || stopping_, observer); });
          stopping_ = stopping_ || observer_failure_ != nullptr;
        }
        barrier_->wait(thread);
        deliver_spikes(step, thread);
        if (!plastic_.empty()) {
          barrier_->wait(thread);
          advance_traces(step, thread);
          barrier_->wait(thread);
          learn(step, thread);
        }
        barrier_->wait(thread);
        if (thread == 0) {
          observe([&] { report_weights(step, observer); });
          step_ = step + 1;
          const auto now = std::chrono::steady_clock::now();
          if (now - last_report > std::chrono::milliseconds(200) || step + 1 == last || stopping_) {
            observe([&] { observer.on_progress(step + 1 - first, steps); });
            last_report = now;
          }
        }
        if (stopping_) break;
      }
    }
    if (observer_failure_) std::rethrow_exception(std::exchange(observer_failure_, nullptr));
  }

 private:
  void update_populations(uint64_t step, int thread) {
    const float dt = static_cast<float>(net_.dt_ms);
    for (uint32_t p = 0; p < views_.size(); ++p) {
      // A copy the compiler can keep in registers: through a reference, every store to neuron state
      // could alias the view, and its fields would be reloaded for every neuron.
      const PopulationView v = views_[p];
      if (v.kind == PopulationKind::kSpikeSourceArray) continue;
      const uint32_t slot = static_cast<uint32_t>(step % v.ring_slots);
      std::vector<uint32_t>& fired = thread_spikes_[thread][p];
      fired.clear();
      const InputView* inputs = inputs_[p].data();
      const uint32_t input_count = static_cast<uint32_t>(inputs_[p].size());
      // Plain variables, not a structured binding: the lambda below captures them (C++17).
      const std::pair<uint32_t, uint32_t> range = thread_range(v.size, thread);
      const uint32_t first = range.first, last = range.second;
      // The loop is made for the population's model, chosen here once (AnyModel for sources).
      const auto loop = [&](auto model) {
        using Model = decltype(model);
        if constexpr (steps_in_blocks<Model>()) {
          const BlockUpdate update = block_update_for<Model>(simd_);
          uint8_t block_fired[kNeuronBlock];
          for (uint32_t begin = first; begin < last; begin += kNeuronBlock) {
            const uint32_t count = std::min(kNeuronBlock, last - begin);
            update(v, inputs, input_count, begin, count, slot, step, dt, block_fired);
            for (uint32_t j = 0; j < count; ++j)
              if (block_fired[j]) fired.push_back(begin + j);
          }
        } else {
          for (uint32_t i = first; i < last; ++i)
            if (step_neuron<Model>(v, inputs, input_count, i, slot, step, dt)) fired.push_back(i);
        }
        return true;
      };
      if (v.kind == PopulationKind::kNeurons) visit_neuron_model(v.neuron_model, loop);
      else loop(AnyModel{});
    }
  }

  // Joins the threads' spike lists in thread order: with a static schedule that is neuron order.
  void collect_spikes(uint64_t step) {
    for (uint32_t p = 0; p < views_.size(); ++p) {
      std::vector<uint32_t>& out = spikes_[p];
      out.clear();
      if (views_[p].kind == PopulationKind::kSpikeSourceArray) {
        const Population& pop = net_.populations[p];
        size_t& cursor = schedule_cursor_[p];
        while (cursor < pop.scheduled_steps.size() && pop.scheduled_steps[cursor] < step) ++cursor;
        while (cursor < pop.scheduled_steps.size() && pop.scheduled_steps[cursor] == step)
          out.push_back(pop.scheduled_neurons[cursor++]);
        continue;
      }
      for (int t = 0; t < threads_; ++t) out.insert(out.end(), thread_spikes_[t][p].begin(), thread_spikes_[t][p].end());
    }
    for (uint32_t p = 0; p < views_.size(); ++p) {
      std::vector<uint64_t>& last = net_.populations[p].last_spike_step;
      if (!last.empty())
        for (const uint32_t i : spikes_[p]) last[i] = step;
    }
    for (const ModulatorView& m : modulators_) step_modulator(m, step);
    for (const ReadoutErrorView& r : readout_errors_)  // after the gates
      for (uint32_t j = 0; j < r.readout_count; ++j) step_readout_error(r, j, step);
  }

  // Each thread owns a contiguous range of every target population and adds only into its own
  // neurons' ring cells: no atomics and no shared cache lines. Rows are sorted by target, so a
  // thread's part of a row is contiguous; where it starts was found once (row_splits.hpp).
  void deliver_spikes(uint64_t step, int thread) {
    for (size_t j = 0; j < net_.projections.size(); ++j) {
      const Projection& proj = net_.projections[j];
      const std::vector<uint32_t>& fired = spikes_[proj.source];
      if (fired.empty()) continue;
      const PopulationView& target = views_[proj.target];
      int64_t* ring = target.ports[proj.target_port].ring;
      const uint32_t slots = target.ring_slots, size = target.size;
      const uint32_t base = static_cast<uint32_t>(step % slots);
      SynapseTable& table = net_.projections[j].synapses;
      const uint64_t* rows = table.row_offsets.data();
      const uint32_t* targets = table.targets.data();
      const float* weights = table.weights.data();
      const RowDeliveryPlan& plan = delivery_[j];
      const RowSplits* split = threads_ > 1 ? &plan.splits : nullptr;
      // The part of a row this thread delivers.
      const auto part = [&](uint32_t source) {
        const uint64_t row = rows[source];
        if (!split) return std::pair<uint64_t, uint64_t>(row, rows[source + 1]);
        const uint32_t* at = split->of(source, thread);
        return std::pair<uint64_t, uint64_t>(row + at[0], row + at[1]);
      };
      PlasticProjection* plastic = plastic_index_[j] >= 0 ? &plastic_[plastic_index_[j]] : nullptr;
      uint64_t events = 0;  // added to the thread's count once: neighbouring threads' counts may share a line
      const size_t spikes = fired.size();
      for (size_t f = 0; f < spikes; ++f) {
        // Rows are scattered over memory: the row offsets of a spike a few ahead are fetched first,
        // then, once they are near, the start of that spike's part of its row.
        if (f + 2 * kRowLookahead < spikes) {
          const uint32_t ahead = fired[f + 2 * kRowLookahead];
          __builtin_prefetch(rows + ahead);
          if (split) __builtin_prefetch(split->of(ahead, thread));
        }
        if (f + kRowLookahead < spikes) {
          const uint64_t ahead = part(fired[f + kRowLookahead]).first;
          __builtin_prefetch(targets + ahead);
          __builtin_prefetch(weights + ahead);
        }
        const uint32_t source = fired[f];
        const auto [begin, end] = part(source);
        events += end - begin;
        if (plan.uniform_delay) {  // one ring slot for the whole row: no delay to read per synapse
          uint32_t slot = base + *plan.uniform_delay;
          if (slot >= slots) slot -= slots;
          int64_t* arriving = ring + static_cast<uint64_t>(slot) * size;
          if (plan.uniform_weight) add_uniform_row_to_slot(arriving, targets, *plan.uniform_weight, begin, end);
          else add_row_.to_slot(arriving, targets, weights, begin, end);
        } else {
          add_row_.delayed(ring, slots, size, base, targets, weights, table.delay_steps.data(), begin, end);
        }
        if (plastic) plastic->on_pre_spike(step, source, begin, end, targets, table.weights);  // after delivery
      }
      events_[thread][j] += events;
    }
  }

  // The populations' and inputs' views: where their arrays are, and the values they copy.
  void make_views() {
    views_.clear();
    for (uint32_t p = 0; p < net_.populations.size(); ++p)
      views_.push_back(make_population_view(net_.populations[p], net_.seed, p, InPlace{}));
    inputs_.assign(net_.populations.size(), {});
    for (Input& in : net_.inputs)
      inputs_[in.target].push_back(make_input_view(in, net_.populations[in.target].size, net_.seed, InPlace{}));
  }

  // Where each thread's part of every row begins, for the thread count the run was given.
  void split_rows() {
    for (size_t j = 0; j < net_.projections.size(); ++j) {
      const Projection& proj = net_.projections[j];
      delivery_[j].splits = threads_ > 1 ? RowSplits(proj.synapses, net_.populations[proj.target].size, threads_) : RowSplits();
    }
  }

  // An observer's call from thread 0 inside the parallel region, where an exception must not escape
  // (it would end the process): kept, it stops the run at the next decision (this step's, when the
  // call comes before it) and run() rethrows it.
  template <typename Call>
  void observe(Call call) {
    try {
      call();
    } catch (...) {
      if (!observer_failure_) observer_failure_ = std::current_exception();
    }
  }

  // The first and last neuron of a population of `size` that thread `thread` owns.
  std::pair<uint32_t, uint32_t> thread_range(uint32_t size, int thread) const {
    return {static_cast<uint32_t>(static_cast<uint64_t>(size) * thread / threads_),
            static_cast<uint32_t>(static_cast<uint64_t>(size) * (thread + 1) / threads_)};
  }

  void advance_traces(uint64_t step, int thread) {
    for (PlasticProjection& plastic : plastic_) {
      const Projection& proj = net_.projections[plastic.projection()];
      const auto [source_first, source_last] = thread_range(net_.populations[proj.source].size, thread);
      const auto [target_first, target_last] = thread_range(net_.populations[proj.target].size, thread);
      plastic.advance_traces(step, source_first, source_last, spikes_[proj.source], target_first, target_last,
                             spikes_[proj.target]);
    }
  }

  // Rules acting on post spikes: each target that fired is one thread's, its incoming synapses written
  // by no other. Modulated rules: each row is one thread's.
  void learn(uint64_t step, int thread) {
    for (PlasticProjection& plastic : plastic_) {
      Projection& proj = net_.projections[plastic.projection()];
      if (plastic.modulated()) {
        const auto [first, last] = thread_range(net_.populations[proj.source].size, thread);
        const ThirdFactorSource source = plastic.third_factor();
        const ThirdFactor m = source.per_target ? ThirdFactor{0.0f, readout_errors_[source.index].value}
                                                : ThirdFactor{modulator_value(modulators_[source.index]), nullptr};
        plastic.modulate_rows(step, first, last, proj.synapses, proj.synapses.weights,
                              net_.populations[proj.target].last_spike_step.data(), m);
        continue;
      }
      const std::vector<uint32_t>& fired = spikes_[proj.target];
      const auto [first, last] = thread_range(static_cast<uint32_t>(fired.size()), thread);
      plastic.on_post_spikes(step, fired.data(), first, last, proj.synapses.weights);
    }
  }

  // Spikes go to the observer in batches of steps (as the CUDA engine's do), so that recording costs
  // a call per batch rather than per step.
  void report(uint64_t step, bool last_step, RunObserver& observer) {
    constexpr uint64_t kReportSteps = 128;
    const bool flush = (step + 1) % kReportSteps == 0 || last_step;
    for (uint32_t p = 0; p < spikes_.size(); ++p) {
      if (!options_.record_spikes[p]) continue;
      pending_steps_[p].insert(pending_steps_[p].end(), spikes_[p].size(), step);
      pending_neurons_[p].insert(pending_neurons_[p].end(), spikes_[p].begin(), spikes_[p].end());
      if (!flush) continue;
      if (!pending_neurons_[p].empty())
        observer.on_spikes(p, pending_steps_[p].data(), pending_neurons_[p].data(), pending_neurons_[p].size());
      pending_steps_[p].clear();
      pending_neurons_[p].clear();
    }
    if (flush) observer.on_spikes_through(step);
    for (size_t k = 0; k < options_.state_probes.size(); ++k) {
      const StateProbe& probe = options_.state_probes[k];
      if ((step + 1) % probe.interval_steps != 0) continue;
      const std::vector<float>& values = *probed_values_[k];
      sample_buffer_.resize(probe.neurons.size());
      for (size_t j = 0; j < probe.neurons.size(); ++j) sample_buffer_[j] = values[probe.neurons[j]];
      observer.on_state(k, step, sample_buffer_.data());
    }
  }

  // After the step's learning.
  void report_weights(uint64_t step, RunObserver& observer) {
    for (size_t k = 0; k < options_.weight_probes.size(); ++k) {
      const WeightProbe& probe = options_.weight_probes[k];
      if ((step + 1) % probe.interval_steps != 0) continue;
      const std::vector<float>& weights = net_.projections[probe.projection].synapses.weights;
      if (probe.synapses.empty()) {
        observer.on_weights(k, step, weights.data(), weights.size());
        continue;
      }
      sample_buffer_.resize(probe.synapses.size());
      for (size_t j = 0; j < probe.synapses.size(); ++j) sample_buffer_[j] = weights[probe.synapses[j]];
      observer.on_weights(k, step, sample_buffer_.data(), sample_buffer_.size());
    }
  }

  Network net_;
  EngineOptions options_;
  int threads_ = 1;
  SimdLevel simd_ = SimdLevel::kBaseline;  // which compilation of the neuron update and delivery runs
  RowDelivery add_row_;
  std::unique_ptr<TeamBarrier> barrier_;
  uint64_t step_ = 0;
  bool stopping_ = false;  // the observer asked to stop after this step (written by thread 0 between barriers)
  std::exception_ptr observer_failure_;  // what an observer threw during run()
  std::vector<PopulationView> views_;
  std::vector<std::vector<InputView>> inputs_;  // per population, in the experiment's order
  std::vector<std::vector<uint32_t>> spikes_;
  std::vector<std::vector<std::vector<uint32_t>>> thread_spikes_;  // [thread][population]
  std::vector<size_t> schedule_cursor_;
  std::vector<std::vector<uint64_t>> events_;  // [thread][projection]: each thread's own allocation
  std::vector<std::vector<uint64_t>> pending_steps_;    // per population, spikes not yet reported
  std::vector<std::vector<uint32_t>> pending_neurons_;
  std::vector<float> sample_buffer_;
  std::vector<const std::vector<float>*> probed_values_;  // per state probe: its variable's array
  std::vector<PlasticProjection> plastic_;
  std::vector<int> plastic_index_;  // per projection: its entry in plastic_, or -1 when static
  std::vector<RowDeliveryPlan> delivery_;  // per projection
  std::vector<ModulatorView> modulators_;
  std::vector<ReadoutErrorView> readout_errors_;
};

}  // namespace

std::unique_ptr<Engine> make_cpu_engine(Network network, EngineOptions options) {
  return std::make_unique<CpuEngine>(std::move(network), std::move(options));
}

}  // namespace snn

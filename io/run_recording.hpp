#pragma once
// `snn run`'s HDF5 file as a library call: attach a RunRecording to a Simulation, pass it to every
// run, and finish it after the last. It writes what the experiment records (io/hdf5_recorder.hpp has
// the layout) on a thread of its own, beside the simulation, and at the end the run's counts and the
// learned weights of plastic projections.
//
//   snn::Simulation sim(spec, options);
//   snn::RunRecording recording("run.h5", sim);
//   sim.run_to_end(&recording);
//   recording.finish(sim, wall_seconds);
#include <memory>
#include <string>
#include <vector>

#include "core/async_observer.hpp"
#include "core/simulation.hpp"
#include "io/hdf5_reader.hpp"
#include "io/hdf5_recorder.hpp"

namespace snn {

class RunRecording : public RunObserver {
 public:
  // Creates `path` for the run of `simulation`; `readouts` are host readouts whose samples come
  // through on_readout. Throws std::runtime_error when the file cannot be created.
  RunRecording(const std::string& path, const Simulation& simulation, const std::vector<ReadoutStreamSpec>& readouts = {});
  ~RunRecording() override;

  // Observers that should run on the recording's thread too (host readouts that compute beside the engine).
  void add_background(RunObserver* observer) { background_.add(observer); }

  void on_spikes(uint32_t population, const uint64_t* steps, const uint32_t* neurons, size_t count) override {
    async_.on_spikes(population, steps, neurons, count);
  }
  void on_spikes_through(uint64_t step) override { async_.on_spikes_through(step); }
  void on_state(size_t probe, uint64_t step, const float* values) override { async_.on_state(probe, step, values); }
  void on_weights(size_t probe, uint64_t step, const float* values, size_t count) override {
    async_.on_weights(probe, step, values, count);
  }
  void on_progress(uint64_t done, uint64_t total) override { async_.on_progress(done, total); }
  // When writing fails (a full disk), the run stops; finish() then says why.
  bool stop_requested() override { return async_.stop_requested(); }
  // Host readout `readout`'s sample, from the recording's thread.
  void on_readout(size_t readout, uint64_t step, const float* values, const float* teacher) {
    recorder_->on_readout(readout, step, values, teacher);
  }

  // Waits for what is queued and writes it: the file (and the background observers) then hold the run
  // up to the simulation's current step. Rethrows what went wrong while writing.
  void flush();

  // Before the first run of a simulation restored at step `step` (a resumed run): writes what `earlier`
  // (the stopped run's file) holds before that step, as if this recording had seen it.
  void carry_over(const RecordedRun& earlier, uint64_t step, const Simulation& simulation);

  // Waits for what is queued, then writes the counts (spikes per population as the simulation saw
  // them, synapses and events per projection) and the learned weights, and marks the file complete.
  // Rethrows what went wrong while writing.
  void finish(const Simulation& simulation, double wall_seconds);

 private:
  std::vector<ReadoutStreamSpec> readouts_;
  std::unique_ptr<Hdf5Recorder> recorder_;
  ObserverList background_;
  AsyncObserver async_;
};

}  // namespace snn

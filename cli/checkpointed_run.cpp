#include "cli/checkpointed_run.hpp"

#include <algorithm>
#include <cstdio>

#include "cli/run_setup.hpp"

namespace snn {
namespace {

// Reports the progress of one piece as progress through the whole run.
class WholeRunProgress : public ObserverList {
 public:
  WholeRunProgress(RunObserver& observer, uint64_t total) : total_(total) { add(&observer); }
  void start_piece(uint64_t done) { done_ = done; }
  void on_progress(uint64_t done, uint64_t) override { ObserverList::on_progress(done_ + done, total_); }

 private:
  uint64_t total_, done_ = 0;
};

}  // namespace

NetworkState run_state(Simulation& simulation, const std::vector<std::unique_ptr<HostReadout>>& readouts) {
  NetworkState state = simulation.save_state();
  for (const auto& readout : readouts) readout->save(state);
  return state;
}

std::optional<double> run_with_checkpoints(Simulation& simulation, RunObserver& observer, RunRecording& recording,
                                           const std::vector<std::unique_ptr<HostReadout>>& readouts,
                                           const CheckpointPlan& plan) {
  const uint64_t total = simulation.total_steps();
  WholeRunProgress progress(observer, total);
  double wall = 0.0;
  while (true) {
    const uint64_t now = simulation.current_step();
    const uint64_t piece = plan.every_steps > 0 ? std::min(plan.every_steps - now % plan.every_steps, total - now) : total - now;
    progress.start_piece(now);
    const std::optional<double> seconds = run_simulation(simulation, progress, piece);
    if (!seconds) return std::nullopt;
    wall += *seconds;
    const bool stopped = simulation.current_step() < now + piece;
    const bool finished = simulation.current_step() >= total;
    // A checkpoint after each piece and where a signal stopped the run; none at the end (nothing to
    // resume), nor where the recording failed (its file does not hold the run to here).
    if (plan.every_steps > 0 && !finished && !recording.stop_requested()) {
      try {
        recording.flush();  // the file holds the run to here before the checkpoint says it does
        write_checkpoint(plan.path, plan.info, run_state(simulation, readouts));
      } catch (const std::exception& e) {
        std::fprintf(stderr, "\nerror: writing the checkpoint %s: %s\n", plan.path.c_str(), e.what());
        return std::nullopt;
      }
    }
    if (stopped || finished) return wall;
  }
}

}  // namespace snn

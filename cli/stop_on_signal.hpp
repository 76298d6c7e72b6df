#pragma once
// SIGINT (Ctrl-C) and SIGTERM stop a run cleanly: the engine finishes the step or batch under way,
// the recording is written out and closed, marked interrupted with the time reached. A second
// signal ends the process at once, as it would have without this.
#include <csignal>

#include "core/run_observer.hpp"

namespace snn {

class StopOnSignal : public RunObserver {
 public:
  StopOnSignal();   // installs the handlers
  ~StopOnSignal() override;  // restores the ones before
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

  bool stop_requested() override;
  // The signal that asked to stop, or 0.
  int signal() const;

 private:
  struct sigaction previous_interrupt_ {}, previous_terminate_ {};
};

}  // namespace snn

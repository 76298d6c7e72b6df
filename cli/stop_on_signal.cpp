#include "cli/stop_on_signal.hpp"

namespace snn {
namespace {

volatile std::sig_atomic_t received = 0;

extern "C" void note_signal(int number) { received = number; }

}  // namespace

StopOnSignal::StopOnSignal() {
  received = 0;
  struct sigaction action {};
  action.sa_handler = note_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // the second signal takes its default action
  sigaction(SIGINT, &action, &previous_interrupt_);
  sigaction(SIGTERM, &action, &previous_terminate_);
}

StopOnSignal::~StopOnSignal() {
  sigaction(SIGINT, &previous_interrupt_, nullptr);
  sigaction(SIGTERM, &previous_terminate_, nullptr);
}

bool StopOnSignal::stop_requested() { return received != 0; }

int StopOnSignal::signal() const { return received; }

}  // namespace snn

#pragma once
// The recovery step for the file of a run that was killed (SIGKILL, power loss) while writing it. Such
// a file is still marked open by its writer, so h5py, h5ls and h5dump refuse it; `h5clear -s` lifts the
// mark but leaves the chunk indexes of the last writes half done (reads of those datasets then fail).
// Recovery reads the file as single-writer readers may (snn's reader does), copies every object into a
// new file that every HDF5 tool opens, trims each spike stream to the spikes written whole, and marks
// it incomplete with the time it holds the run to: `snn recover run.h5`.
#include <string>
#include <vector>

namespace snn {

struct RecoveryReport {
  std::string status_before;          // "running" for a killed run
  double time_reached_ms = 0;         // the run is whole in the file up to here
  std::vector<std::string> lost;      // objects that could not be read, so were left out
};

// Writes the recovered copy of `from` to `to` (which may be `from`: the copy then replaces it).
// Throws std::runtime_error when `from` cannot be read as a run file.
RecoveryReport recover_run_file(const std::string& from, const std::string& to);

}  // namespace snn

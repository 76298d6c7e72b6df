// `snn recover run.h5 [-o copy.h5]`: the recovery step for the file of a killed run (io/run_file_recovery.hpp).
#include <cstdio>
#include <stdexcept>

#include "cli/commands.hpp"
#include "io/run_file_recovery.hpp"

namespace snn {

int recover_command(const std::string& path, const std::string& output) {
  const std::string to = output.empty() ? path : output;
  try {
    const RecoveryReport report = recover_run_file(path, to);
    if (report.status_before == "complete" || report.status_before == "interrupted")
      std::printf("%s: the run's file was closed cleanly (status %s); copied as it is to %s\n", path.c_str(),
                  report.status_before.c_str(), to.c_str());
    else
      std::printf("%s: recovered into %s, which every HDF5 tool opens; it holds the run whole up to %g ms (status "
                  "incomplete)\n",
                  path.c_str(), to.c_str(), report.time_reached_ms);
    for (const std::string& lost : report.lost) std::printf("  lost (unreadable): %s\n", lost.c_str());
    return 0;
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}

}  // namespace snn

#include "io/recorded_experiment.hpp"

#include <sstream>
#include <utility>
#include <vector>

#include "io/experiment_loader.hpp"

namespace snn {
namespace {

std::pair<std::string, std::vector<std::string>> split_recorded_text(const std::string& text) {
  const std::string marker = "\n# snn --set";
  const size_t at = text.rfind(marker);
  if (at == std::string::npos) return {text, {}};
  std::vector<std::string> settings;
  std::istringstream words(text.substr(at + marker.size()));
  for (std::string w; words >> w;) settings.push_back(w);
  return {text.substr(0, at), settings};
}

}  // namespace

ExperimentSpec load_recorded_experiment(const RecordedRun& run, const std::string& run_path, ExperimentTasks* tasks) {
  const auto [text, settings] = split_recorded_text(run.experiment_yaml);
  return load_experiment_text(text, run_path + " (its experiment)", settings, tasks);
}

}  // namespace snn

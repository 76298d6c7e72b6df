#pragma once
// Reads an experiment YAML file (schema: docs/experiment-schema.md) into a validated ExperimentSpec.
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "core/experiment_spec.hpp"
#include "io/experiment_tasks.hpp"

namespace snn {

// `overrides` are "path.to.key=value" settings applied to the document before validation, as given
// to `snn run --set`. Throws ExperimentError naming file, line and column for any invalid input. What
// the file asks of the host beside the network (readouts, the cued-trials task) goes into `tasks`
// where given.
ExperimentSpec load_experiment_file(const std::string& path, const std::vector<std::string>& overrides = {},
                                    ExperimentTasks* tasks = nullptr);
ExperimentSpec load_experiment_text(const std::string& text, const std::string& file_name,
                                    const std::vector<std::string>& overrides = {}, ExperimentTasks* tasks = nullptr);

// The experiment file's document with `overrides` applied, unchecked: what the Python package turns
// into dictionaries for the user to change. Throws ExperimentError for text that is not YAML and for
// overrides that do not fit the document.
YAML::Node read_experiment_document(const std::string& path, const std::vector<std::string>& overrides = {});

}  // namespace snn

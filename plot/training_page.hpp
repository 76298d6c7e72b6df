#pragma once
// The learning curves of a training run (`snn train` writes them after every epoch): the loss and the
// train and test accuracies against the epoch, with the run's facts.
#include <string>
#include <utility>
#include <vector>

#include "plot/report_page.hpp"

namespace snn::plot {

struct TrainingHistory {
  std::string name;
  std::vector<double> epoch, loss, train_accuracy, test_accuracy;  // accuracies in [0, 1]
  std::vector<std::pair<std::string, std::string>> facts;
};

Page training_page(const TrainingHistory& history);

}  // namespace snn::plot

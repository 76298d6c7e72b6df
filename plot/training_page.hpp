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
  // Dynamic Confidence on the test set (empty: not measured): accuracy against mean steps for fixed T,
  // for each confidence threshold, and the oracle.
  std::vector<double> fixed_steps, fixed_accuracy, dynamic_steps, dynamic_accuracy, thresholds;
  double oracle_steps = 0, oracle_accuracy = 0;
};

Page training_page(const TrainingHistory& history);

}  // namespace snn::plot

#pragma once
// The report of a heterogeneous-delay training run (`snn train MOTION.yaml`): accuracy against the
// number of delays (each layer trained), and against the fraction of the weights kept, by pruning the
// smallest or by keeping only the shortest delays (Grimaldi & Perrinet 2023, their figure of accuracy
// against computational load), with the run's facts.
#include <string>
#include <utility>
#include <vector>

#include "plot/report_page.hpp"

namespace snn::plot {

struct MotionDelayResults {
  std::string name;
  std::vector<std::pair<std::string, std::string>> facts;
  std::vector<double> delays, delay_accuracy;           // accuracy in [0, 1]
  std::vector<double> pruned_kept, pruned_accuracy;     // kept: fraction of the weights
  std::vector<double> shortened_kept, shortened_accuracy;
  double chance = 0;
};

Page motion_delay_page(const MotionDelayResults& results);

}  // namespace snn::plot

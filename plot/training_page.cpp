#include "plot/training_page.hpp"

namespace snn::plot {

Page training_page(const TrainingHistory& history) {
  Page page;
  page.title = "Training: " + history.name;
  page.facts = history.facts;
  Chart loss;
  loss.id = "loss";
  loss.title = "Loss";
  loss.x_label = "epoch";
  loss.y_label = "spike-count cross-entropy (training batches)";
  loss.series.push_back(data_series(Series::Kind::kMarkers, "loss", history.epoch, history.loss, 0));
  loss.series.push_back(data_series(Series::Kind::kLine, "", history.epoch, history.loss, 0));
  Chart accuracy;
  accuracy.id = "accuracy";
  accuracy.title = "Accuracy";
  accuracy.x_label = "epoch";
  accuracy.y_label = "accuracy (%)";
  accuracy.y_high = 100;
  accuracy.series.push_back(data_series(Series::Kind::kMarkers, "train", history.epoch, percent_of(history.train_accuracy), 0));
  accuracy.series.push_back(data_series(Series::Kind::kLine, "", history.epoch, percent_of(history.train_accuracy), 0));
  accuracy.series.push_back(data_series(Series::Kind::kMarkers, "test", history.epoch, percent_of(history.test_accuracy), 1));
  accuracy.series.push_back(data_series(Series::Kind::kLine, "", history.epoch, percent_of(history.test_accuracy), 1));
  page.sections.push_back({"Learning curves", "Each point is one epoch: the loss and accuracy over its training batches (as the weights "
                                              "moved), and the accuracy on the test set after it.",
                           {{loss, "The mean loss of the epoch's batches."},
                            {accuracy, "Train: over the epoch's batches; test: the test set after the epoch."}},
                           ""});
  if (!history.fixed_steps.empty()) {
    Chart steps;
    steps.id = "dynamic_confidence";
    steps.title = "Dynamic Confidence";
    steps.x_label = "mean time steps per sample";
    steps.y_label = "test accuracy (%)";
    steps.series.push_back(data_series(Series::Kind::kLine, "fixed T", history.fixed_steps, percent_of(history.fixed_accuracy), 0));
    Series dynamic = data_series(Series::Kind::kMarkers, "dynamic confidence", history.dynamic_steps, percent_of(history.dynamic_accuracy), 1);
    for (double t : history.thresholds) dynamic.tooltips.push_back("threshold " + std::to_string(t));
    steps.series.push_back(dynamic);
    steps.series.push_back(data_series(Series::Kind::kMarkers, "oracle", {history.oracle_steps}, {100 * history.oracle_accuracy}, 2));
    page.sections.push_back({"Dynamic Confidence",
                             "Each test sample stopped at the first step whose confidence (the largest softmax probability of the output's "
                             "spike counts so far) reaches the threshold (Li et al. 2023), against every sample run for a fixed number of "
                             "steps, and the oracle: each sample stopped at the first step from which its prediction is correct and stays so.",
                             {{steps, "Hover a marker for its threshold."}},
                             ""});
  }
  return page;
}

}  // namespace snn::plot

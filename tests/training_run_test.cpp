// `snn train`'s trainer on Fashion-MNIST (Debian's dataset-fashion-mnist): it learns, resuming from a
// checkpoint ends with the weights of a run that never stopped, and the training file's errors are
// located.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include "io/experiment_error.hpp"
#include "test_support.hpp"
#include "io/training_spec.hpp"
#include "training/classification_training.hpp"

namespace snn {
namespace {

const std::string kData = "/usr/share/datasets/fashion-mnist/";

std::string training_file(const std::string& name, const std::string& encoding, int epochs) {
  const std::string path = ::testing::TempDir() + "/" + name + ".yaml";
  std::ofstream(path) << "name: " << name << "\ndata:\n"
                      << "  train_images: " << kData << "train-images-idx3-ubyte.gz\n  train_labels: " << kData << "train-labels-idx1-ubyte.gz\n"
                      << "  test_images: " << kData << "t10k-images-idx3-ubyte.gz\n  test_labels: " << kData << "t10k-labels-idx1-ubyte.gz\n"
                      << "  samples: 1200\n  test_samples: 500\n  encoding: " << encoding << "\n"
                      << "time_steps: 6\nlayers:\n  - {type: linear, outputs: 64}\n  - {type: lif, beta: 0.85, reset: hard, surrogate: arctan}\n"
                      << "  - {type: linear, outputs: 10}\n  - {type: lif, learn_beta: true}\n"
                      << "optimizer: {type: adam, learning_rate: 0.003, weight_decay: 0.0001}\nschedule: {type: cosine}\nbatch: 50\n"
                      << "epochs: " << epochs << "\nseed: 4\n";
  return path;
}

bool have_data() {
  struct stat info {};
  return stat((kData + "train-images-idx3-ubyte.gz").c_str(), &info) == 0;
}

TEST(TrainingRun, LearnsAndResumesBitForBit) {
  if (!have_data()) GTEST_SKIP() << "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)";
  const TrainingSpec spec = load_training_spec(training_file("resume_check", "rate", 2));
  training::ClassificationTrainer straight(spec);
  const double before = straight.test_accuracy();
  straight.train_epoch();
  const training::EpochReport last = straight.train_epoch();
  EXPECT_GT(last.test_accuracy, 0.6) << "two epochs of 1200 images";
  EXPECT_GT(last.test_accuracy, before + 0.3);
  training::ClassificationTrainer first(spec);
  first.train_epoch();
  const std::string checkpoint = ::testing::TempDir() + "/resume_check.checkpoint";
  first.save_checkpoint(checkpoint);
  training::ClassificationTrainer resumed(spec);
  resumed.load_checkpoint(checkpoint);
  EXPECT_EQ(resumed.epochs_done(), 1);
  resumed.train_epoch();
  const auto expected = straight.weights(), got = resumed.weights();
  ASSERT_EQ(expected.size(), got.size());
  for (const auto& [name, tensor] : expected) EXPECT_EQ(got.at(name).values, tensor.values) << name;
}

TEST(TrainingRun, ShippedTrainingFilesLoad) {
  for (const char* name : {"fashion_mlp", "fashion_conv"}) {
    const TrainingSpec spec = load_training_spec(testing::source_path(std::string("examples/training/") + name + ".yaml"));
    EXPECT_EQ(spec.name, name);
    EXPECT_EQ(spec.layers.back().type, "lif");
  }
}

TEST(TrainingRun, FileErrorsAreLocated) {
  const std::string path = ::testing::TempDir() + "/bad_training.yaml";
  std::ofstream(path) << "name: bad\ndata: {train_images: a, train_labels: b, test_images: c, test_labels: d}\n"
                         "layers:\n  - {type: linear, outputs: 10}\n  - {type: lif, reset: sideways}\n";
  try {
    load_training_spec(path);
    FAIL() << "an unknown reset was taken";
  } catch (const ExperimentError& e) {
    EXPECT_EQ(e.line(), 5);
    EXPECT_NE(std::string(e.what()).find("sideways"), std::string::npos) << e.what();
  }
  std::ofstream(path) << "name: bad\ndata: {train_images: a, train_labels: b, test_images: c, test_labels: d}\n"
                         "layers:\n  - {type: linear, outputs: 10}\n";
  try {
    load_training_spec(path);
    FAIL() << "layers without a spiking output were taken";
  } catch (const ExperimentError& e) {
    EXPECT_NE(std::string(e.what()).find("must end with a lif layer"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace snn

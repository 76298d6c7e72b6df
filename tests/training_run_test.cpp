// `snn train`'s trainer on Fashion-MNIST (Debian's dataset-fashion-mnist): it learns, resuming from a
// checkpoint ends with the weights of a run that never stopped, and the training file's errors are
// located.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include "io/experiment_error.hpp"
#include "test_support.hpp"
#include "io/training_spec.hpp"
#include "nir/nir_cpu_runner.hpp"
#include "plot/training_page.hpp"
#include "nir/nir_reader.hpp"
#include "nir/nir_writer.hpp"
#include "training/classification_training.hpp"
#include "training/trained_nir.hpp"
#include "training/trained_classifier.hpp"
#include "training/trained_energy.hpp"
#include "models/safetensors.hpp"
#include "snn_command.hpp"
#include "energy/architecture.hpp"

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
  ASSERT_EQ(resumed.history().size(), 2u);  // the first epoch's report came back with the checkpoint
  EXPECT_EQ(resumed.history()[0].test_accuracy, straight.history()[0].test_accuracy);
  EXPECT_EQ(resumed.history()[1].test_accuracy, straight.history()[1].test_accuracy);
  plot::TrainingHistory curves;
  for (const training::EpochReport& r : resumed.history()) {
    curves.epoch.push_back(r.epoch);
    curves.loss.push_back(r.loss);
    curves.train_accuracy.push_back(r.train_accuracy);
    curves.test_accuracy.push_back(r.test_accuracy);
  }
  const plot::Page page = plot::training_page(curves);
  const std::vector<const plot::Figure*> figures = plot::figures_of(page);
  ASSERT_EQ(figures.size(), 2u);
  EXPECT_EQ(plot::drawn_counts(figures[1]->chart).legend_entries, 2u);  // train and test
  EXPECT_GE(plot::drawn_counts(figures[1]->chart).marks, 4u);          // a marker per epoch and set
  const auto expected = straight.weights(), got = resumed.weights();
  ASSERT_EQ(expected.size(), got.size());
  for (const auto& [name, tensor] : expected) EXPECT_EQ(got.at(name).values, tensor.values) << name;
}

// The trained model's safetensors rebuild the network (`snn classify MODEL`): on its training file's
// test set it names the classes the trainer measured, rate coding's draws included.
TEST(TrainingRun, SavedModelClassifiesAsTheTrainerMeasured) {
  if (!have_data()) GTEST_SKIP() << "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)";
  training::ClassificationTrainer trainer(load_training_spec(training_file("classify_check", "rate", 1)));
  const training::EpochReport report = trainer.train_epoch();
  const std::string model = ::testing::TempDir() + "/classify_check.safetensors";
  trainer.save_model(model);
  ASSERT_TRUE(training::TrainedClassifier::is_trained_classifier(model));
  training::TrainedClassifier loaded(model);
  EXPECT_EQ(loaded.classes(), 10);
  const training::LabelledImages test = training::read_labelled_images(trainer.spec().test_images, trainer.spec().test_labels, 500);
  const std::vector<int> classes = loaded.classify(test, "cpu", 64);
  int64_t correct = 0;
  for (int64_t k = 0; k < test.count; ++k) correct += classes[k] == test.labels[k];
  EXPECT_EQ(correct / 500.0, report.test_accuracy);
  EXPECT_GT(report.test_accuracy, 0.5);
  const testing::CommandResult cli = testing::run_snn("classify " + model + " --backend cpu");
  EXPECT_EQ(cli.status, 0) << cli.output;
  char expected[64];
  std::snprintf(expected, sizeof expected, "accuracy: %.2f%% (%lld of 500)", 100.0 * correct / 500, static_cast<long long>(correct));
  EXPECT_NE(cli.output.find(expected), std::string::npos) << cli.output;
  // A file snn train did not write is told apart, and a model's missing tensor is named.
  const std::string foreign = ::testing::TempDir() + "/foreign.safetensors";
  write_safetensors(foreign, {{"w", Tensor({2})}}, {});
  EXPECT_FALSE(training::TrainedClassifier::is_trained_classifier(foreign));
  try {
    training::TrainedClassifier bad(foreign);
    ADD_FAILURE() << "a foreign file loaded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("not a model written by snn train"), std::string::npos) << e.what();
  }
}

// A trained convolutional network written as NIR and run by the NIR runner (snntorch scheme) spikes
// as the trained network does, bit for bit; what NIR cannot hold is refused.
TEST(TrainingRun, TrainedNetworkAsNirSpikesAsTrained) {
  if (!have_data()) GTEST_SKIP() << "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)";
  std::string text = "name: nir_check\ndata:\n  train_images: " + kData + "train-images-idx3-ubyte.gz\n  train_labels: " + kData +
                     "train-labels-idx1-ubyte.gz\n  test_images: " + kData + "t10k-images-idx3-ubyte.gz\n  test_labels: " + kData +
                     "t10k-labels-idx1-ubyte.gz\n  samples: 200\n  test_samples: 20\ntime_steps: 5\nlayers:\n"
                     "  - {type: conv, channels: 4, kernel: 3, stride: 2, padding: 1}\n  - {type: lif, beta: 0.8, reset: hard}\n"
                     "  - {type: pool, kind: average, kernel: 2}\n  - {type: linear, outputs: 10}\n  - {type: lif, reset: hard, learn_beta: true}\n"
                     "optimizer: {type: adam, learning_rate: 0.01}\nbatch: 20\nepochs: 1\n";
  const std::string path = ::testing::TempDir() + "/nir_check.yaml", nir = ::testing::TempDir() + "/nir_check.nir";
  std::ofstream(path) << text;
  training::ClassificationTrainer trainer(load_training_spec(path));
  trainer.train_epoch();
  write_nir_file(nir, training::trained_network_nir(trainer, 1e-4));
  const NirProgram program = compile_nir(read_nir_file(nir), 1e-4);
  const training::Sequence<float> inputs = trainer.test_inputs(0, 20), expected = trainer.test_outputs(0, 20);
  NirCpuRunner runner(program, 20, NirDiscretisation::kSnnTorch, 2);
  int64_t spikes = 0;
  for (int64_t t = 0; t < inputs.steps; ++t) {
    runner.step({inputs.at(t, 0)});
    const std::vector<float>& out = runner.values(program.outputs[0]);
    for (size_t k = 0; k < out.size(); ++k) {
      ASSERT_EQ(out[k], expected.values[t * out.size() + k]) << "step " << t << ", value " << k;
      spikes += out[k] != 0;
    }
  }
  EXPECT_GT(spikes, 0) << "the output never fired: the test would show little";
  // Its architecture for the energy estimator: the convolution's analog input, the linear layer's
  // measured rate of the pooled spikes, the steps given.
  const energy::Architecture arch = energy::parse_architecture(training::trained_energy_architecture(trainer, trainer.test_input_rates(), 3, "check"), "check.yaml");
  ASSERT_EQ(arch.layers.size(), 2u);
  EXPECT_EQ(arch.time_steps, 3u);
  EXPECT_TRUE(arch.layers[0].analog_input);
  EXPECT_EQ(arch.layers[0].kind, "conv");
  EXPECT_GT(arch.layers[1].input_rate, 0.0);
  EXPECT_LT(arch.layers[1].input_rate, 1.0);
  // With dropout (left out at inference) and a leaky-integrator readout under the membrane loss: the
  // readout's potential, step by step, bit for bit.
  std::string membrane = text;
  membrane.replace(membrane.find("  - {type: linear, outputs: 10}"), 0, "  - {type: dropout, p: 0.2}\n");
  membrane.replace(membrane.find("{type: lif, reset: hard, learn_beta: true}"), 42, "{type: li, beta: 0.85}");
  membrane.replace(membrane.find("optimizer:"), 0, "loss: membrane_cross_entropy\n");
  std::ofstream(path) << membrane;
  training::ClassificationTrainer readout(load_training_spec(path));
  readout.train_epoch();
  write_nir_file(nir, training::trained_network_nir(readout, 1e-4));
  const NirProgram li_program = compile_nir(read_nir_file(nir), 1e-4);
  EXPECT_EQ(li_program.ops[li_program.outputs[0]].sources.size(), 1u);
  const training::Sequence<float> potentials = readout.test_outputs(0, 20);
  NirCpuRunner li_runner(li_program, 20, NirDiscretisation::kSnnTorch, 1);
  for (int64_t t = 0; t < inputs.steps; ++t) {
    li_runner.step({inputs.at(t, 0)});
    const std::vector<float>& out = li_runner.values(li_program.outputs[0]);
    for (size_t k = 0; k < out.size(); ++k) ASSERT_EQ(out[k], potentials.values[t * out.size() + k]) << "step " << t << ", value " << k;
  }
  // With batch norm, folded into the convolution: equal to float rounding, so nearly every output.
  std::string normed = text;
  normed.replace(normed.find("  - {type: lif, beta: 0.8, reset: hard}"), 0, "  - {type: batch_norm}\n");
  std::ofstream(path) << normed;
  training::ClassificationTrainer with_norm(load_training_spec(path));
  with_norm.train_epoch();
  write_nir_file(nir, training::trained_network_nir(with_norm, 1e-4));
  const NirProgram folded = compile_nir(read_nir_file(nir), 1e-4);
  EXPECT_EQ(folded.ops.size(), program.ops.size());  // no node of its own
  const training::Sequence<float> normed_expected = with_norm.test_outputs(0, 20);
  NirCpuRunner folded_runner(folded, 20, NirDiscretisation::kSnnTorch, 1);
  double same = 0, total = 0;
  for (int64_t t = 0; t < inputs.steps; ++t) {
    folded_runner.step({inputs.at(t, 0)});
    const std::vector<float>& out = folded_runner.values(folded.outputs[0]);
    for (size_t k = 0; k < out.size(); ++k, ++total) same += out[k] == normed_expected.values[t * out.size() + k];
  }
  EXPECT_GT(same / total, 0.97);
  text.replace(text.find("kind: average"), 13, "kind: max");
  std::ofstream(path) << text;
  training::ClassificationTrainer with_max(load_training_spec(path));
  EXPECT_THROW(training::trained_network_nir(with_max, 1e-4), NirError);
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

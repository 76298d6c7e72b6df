// `snn classify MODEL.safetensors [--images DATA] [--labels LABELS]` for a classifier trained by
// `snn train`: its classes for a set of images (by default its training file's test set), the
// accuracy where labels are known, and the speed.
#include <chrono>
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/run_setup.hpp"
#include "training/trained_classifier.hpp"

namespace snn {

int classify_trained_command(const ClassifyOptions& options) {
  try {
    training::TrainedClassifier model(options.model);
    const TrainingSpec& spec = model.spec();
    const std::string images = options.images.empty() ? spec.test_images : options.images;
    const std::string labels = options.images.empty() ? spec.test_labels : options.labels;
    // By default the test set the trainer measured.
    const training::LabelledImages set = training::read_labelled_images(images, labels, options.images.empty() ? spec.test_samples : 0);
    const std::string backend = choose_backend(options.backend);
    const auto start = std::chrono::steady_clock::now();
    const std::vector<int> classes = model.classify(set, backend, options.batch);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s: trained by snn train (%s); %lld time steps, %s backend\n", options.model.c_str(), model.description().c_str(),
                static_cast<long long>(spec.time_steps), backend.c_str());
    std::printf("%lld images of %s in batches of %lld: %.1f images/s\n", static_cast<long long>(set.count), images.c_str(),
                static_cast<long long>(options.batch), set.count / std::max(seconds, 1e-9));
    if (!set.labels.empty()) {
      int64_t correct = 0;
      for (int64_t k = 0; k < set.count; ++k) correct += classes[k] == set.labels[k];
      std::printf("accuracy: %.2f%% (%lld of %lld)\n", 100.0 * correct / std::max<int64_t>(set.count, 1), static_cast<long long>(correct),
                  static_cast<long long>(set.count));
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}

}  // namespace snn

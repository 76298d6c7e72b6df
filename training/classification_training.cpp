#include "training/classification_training.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <sstream>
#include <stdexcept>

#include "models/safetensors.hpp"
#include "training/count_loss.hpp"
#include "training/dropout_layer.hpp"
#include "training/image_encoding.hpp"

namespace snn::training {

ClassificationTrainer::ClassificationTrainer(const TrainingSpec& spec) : spec_(spec) {
  train_ = read_labelled_images(spec.train_images, spec.train_labels, spec.samples);
  test_ = read_labelled_images(spec.test_images, spec.test_labels, spec.test_samples);
  if (train_.labels.empty() || test_.labels.empty()) throw std::runtime_error(spec.file + ": the training and test images need labels");
  image_ = train_.shape;
  test_order_.resize(static_cast<size_t>(test_.count));
  for (int64_t k = 0; k < test_.count; ++k) test_order_[k] = k;
  width_ = image_.size();
  if (test_.shape.size() != width_)
    throw std::runtime_error(spec.test_images + ": its images are not the size of the training images (" + spec.train_images + ")");
  for (const int label : train_.labels) classes_ = std::max<int64_t>(classes_, label + 1);
  layers_ = build_classifier_layers(spec, image_, classes_);
  OptimizerSettings settings;
  settings.kind = spec.optimizer == "sgd" ? OptimizerSettings::kSgd : OptimizerSettings::kAdam;
  settings.learning_rate = spec.learning_rate;
  settings.momentum = spec.momentum;
  settings.weight_decay = spec.weight_decay;
  optimizer_ = std::make_unique<Optimizer<float>>(layers_.stack.parameters(), settings);
  if (spec.backend == "cuda") gpu_ = std::make_unique<CudaTrainingNetwork<float>>(layers_.stack, *optimizer_);
  else if (spec.backend != "cpu") throw std::invalid_argument("training backend '" + spec.backend + "': known are cpu and cuda");
}

ClassificationTrainer::~ClassificationTrainer() = default;

Sequence<float> ClassificationTrainer::encode(const LabelledImages& images, const std::vector<int64_t>& order, int64_t first, int64_t size,
                                              uint64_t stream, bool held) const {
  ImageCoding coding{spec_.encoding == "rate", spec_.time_steps, spec_.seed, stream, stream == kRateTrain ? static_cast<uint64_t>(epochs_done_) : 0};
  return encode_images(images.pixels, width_, order, first, size, coding, held);
}

double ClassificationTrainer::learning_rate(int64_t epoch) const {
  if (spec_.schedule == "cosine") return spec_.learning_rate * 0.5 * (1.0 + std::cos(M_PI * static_cast<double>(epoch) / spec_.epochs));
  if (spec_.schedule == "step") return spec_.learning_rate * std::pow(spec_.gamma, static_cast<double>(epoch / spec_.step_epochs));
  return spec_.learning_rate;
}

EpochReport ClassificationTrainer::train_epoch(const std::function<void(const BatchProgress&)>& progress, const std::function<bool()>& keep_going) {
  EpochReport report;
  report.epoch = epochs_done_ + 1;
  report.learning_rate = learning_rate(epochs_done_);
  std::vector<int64_t> order(static_cast<size_t>(train_.count));
  for (int64_t k = 0; k < train_.count; ++k) order[k] = k;
  std::mt19937_64 shuffle(stream_seed(spec_.seed, kShuffle, static_cast<uint64_t>(epochs_done_)));
  std::shuffle(order.begin(), order.end(), shuffle);
  const auto start = std::chrono::steady_clock::now();
  const int64_t batches = (train_.count + spec_.batch - 1) / spec_.batch;
  double loss_sum = 0;
  int64_t correct = 0, seen = 0;
  std::vector<int> labels, predicted;
  for (int64_t k = 0; k < batches; ++k) {
    if (keep_going && !keep_going()) {
      report.stopped = true;
      return report;
    }
    const int64_t first = k * spec_.batch, size = std::min(spec_.batch, train_.count - first);
    const Sequence<float> x = encode(train_, order, first, size, kRateTrain, gpu_ != nullptr);
    labels.resize(static_cast<size_t>(size));
    for (int64_t b = 0; b < size; ++b) labels[b] = train_.labels[order[first + b]];
    float loss = 0;
    if (gpu_) {
      loss = gpu_->train_batch(x, spec_.time_steps, labels, membrane_loss(), report.learning_rate, &predicted);
    } else {
      layers_.stack.zero_gradients();
      Sequence<float> gradient;
      loss = count_cross_entropy(layers_.stack.forward(x), labels, &gradient, &predicted, membrane_loss());
      layers_.stack.backward(gradient);
      optimizer_->step(report.learning_rate);
    }
    loss_sum += static_cast<double>(loss) * size;
    for (int64_t b = 0; b < size; ++b) correct += predicted[b] == labels[b];
    seen += size;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (progress) progress({report.epoch, k + 1, batches, loss_sum / seen, double(correct) / seen, seen / std::max(seconds, 1e-9)});
  }
  if (gpu_) gpu_->download();  // the epoch's weights into the host layers, for saving
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.samples_per_second = seen / std::max(report.seconds, 1e-9);
  report.loss = loss_sum / std::max<int64_t>(seen, 1);
  report.train_accuracy = double(correct) / std::max<int64_t>(seen, 1);
  ++epochs_done_;
  report.test_accuracy = test_accuracy();
  history_.push_back(report);
  return report;
}

Sequence<float> ClassificationTrainer::evaluate(int64_t first, int64_t size) {
  if (gpu_) {
    const Sequence<float> x = encode(test_, test_order_, first, size, kRateTest, true);
    return gpu_->evaluate(x, spec_.time_steps);
  }
  layers_.stack.set_training(false);
  Sequence<float> outputs = layers_.stack.forward(encode(test_, test_order_, first, size, kRateTest));
  layers_.stack.set_training(true);
  return outputs;
}

double ClassificationTrainer::test_accuracy() {
  int64_t correct = 0;
  std::vector<int> labels, predicted;
  for (int64_t first = 0; first < test_.count; first += spec_.batch) {
    const int64_t size = std::min(spec_.batch, test_.count - first);
    labels.assign(test_.labels.begin() + first, test_.labels.begin() + first + size);
    count_cross_entropy(evaluate(first, size), labels, static_cast<Sequence<float>*>(nullptr), &predicted, membrane_loss());
    for (int64_t b = 0; b < size; ++b) correct += predicted[b] == labels[b];
  }
  return double(correct) / std::max<int64_t>(test_.count, 1);
}

Sequence<float> ClassificationTrainer::test_inputs(int64_t first, int64_t count) const {
  count = std::max<int64_t>(0, std::min(count, test_.count - first));
  return encode(test_, test_order_, first, count, kRateTest);
}

Sequence<float> ClassificationTrainer::test_outputs(int64_t first, int64_t count) {
  return evaluate(first, std::max<int64_t>(0, std::min(count, test_.count - first)));
}

std::vector<double> ClassificationTrainer::test_input_rates() {
  std::vector<std::pair<int64_t, int64_t>> activity(layers_.stack.layers().size());
  layers_.stack.set_training(false);
  for (int64_t first = 0; first < test_.count; first += spec_.batch) {
    const int64_t size = std::min(spec_.batch, test_.count - first);
    Sequence<float> x = encode(test_, test_order_, first, size, kRateTest, gpu_ != nullptr);
    if (gpu_) {
      gpu_->evaluate(x, spec_.time_steps, &activity);
      continue;
    }
    for (size_t k = 0; k < layers_.stack.layers().size(); ++k) {
      for (const float v : x.values) activity[k].first += v != 0.0f;
      activity[k].second += static_cast<int64_t>(x.values.size());
      x = layers_.stack.layers()[k]->forward(x);
    }
  }
  layers_.stack.set_training(true);
  std::vector<double> rates;
  for (const auto& [nonzero, all] : activity) rates.push_back(all > 0 ? static_cast<double>(nonzero) / static_cast<double>(all) : 0.0);
  return rates;
}

Sequence<float> ClassificationTrainer::all_test_outputs() {
  Sequence<float> all;
  for (int64_t first = 0; first < test_.count; first += spec_.batch) {
    const Sequence<float> part = test_outputs(first, spec_.batch);
    if (first == 0) all = Sequence<float>(part.steps, test_.count, part.width);
    for (int64_t t = 0; t < part.steps; ++t)
      for (int64_t b = 0; b < part.batch; ++b) std::copy(part.at(t, b), part.at(t, b) + part.width, all.at(t, first + b));
  }
  return all;
}

std::map<std::string, Tensor> ClassificationTrainer::weights() const {
  std::map<std::string, Tensor> tensors;
  auto all = layers_.parameters;
  for (const auto& named : layers_.buffers) all.push_back(named);
  for (const auto& [name, p] : all) {
    Tensor t(p->shape);
    std::copy(p->value.begin(), p->value.end(), t.values.begin());
    tensors[name] = std::move(t);
  }
  return tensors;
}

void ClassificationTrainer::save_model(const std::string& path) const {
  std::string layers;
  for (const auto& layer : layers_.stack.layers()) layers += (layers.empty() ? "" : "; ") + layer->describe();
  // The training file's text and the images' shape let `snn classify` rebuild the network
  // (trained_classifier.hpp).
  write_safetensors(path, weights(), {{"training", spec_.name}, {"epochs", std::to_string(epochs_done_)}, {"layers", layers},
                                      {"time_steps", std::to_string(spec_.time_steps)}, {"training_file", spec_.file},
                                      {"training_yaml", spec_.text}, {"image", std::to_string(image_.channels) + " " +
                                      std::to_string(image_.height) + " " + std::to_string(image_.width)},
                                      {"classes", std::to_string(classes_)}});
}

void ClassificationTrainer::save_checkpoint(const std::string& path) const {
  std::map<std::string, Tensor> tensors = weights();
  const auto named = layers_.parameters;
  for (size_t k = 0; k < named.size(); ++k) {
    Tensor m(named[k].second->shape), v(named[k].second->shape);
    std::copy(optimizer_->first_moments()[k].begin(), optimizer_->first_moments()[k].end(), m.values.begin());
    std::copy(optimizer_->second_moments()[k].begin(), optimizer_->second_moments()[k].end(), v.values.begin());
    tensors["optimizer.first." + named[k].first] = std::move(m);
    tensors["optimizer.second." + named[k].first] = std::move(v);
  }
  std::ostringstream history;
  history.precision(17);
  for (const EpochReport& r : history_)
    history << r.epoch << ' ' << r.loss << ' ' << r.train_accuracy << ' ' << r.test_accuracy << ' ' << r.learning_rate << ' '
            << r.samples_per_second << ' ' << r.seconds << '\n';
  write_safetensors(path, tensors, {{"training", spec_.name}, {"epochs", std::to_string(epochs_done_)},
                                    {"optimizer_steps", std::to_string(optimizer_->steps_taken())}, {"history", history.str()}});
}

void ClassificationTrainer::load_checkpoint(const std::string& path) {
  const SafetensorsFile file = read_safetensors(path);
  const auto named = layers_.parameters;
  auto take = [&](const std::string& name, std::vector<float>& into) {
    const auto it = file.tensors.find(name);
    if (it == file.tensors.end() || it->second.values.size() != into.size())
      throw std::runtime_error(path + ": no tensor '" + name + "' of " + std::to_string(into.size()) + " values: not a checkpoint of this training");
    std::copy(it->second.values.begin(), it->second.values.end(), into.begin());
  };
  for (size_t k = 0; k < named.size(); ++k) {
    take(named[k].first, named[k].second->value);
    take("optimizer.first." + named[k].first, optimizer_->first_moments()[k]);
    take("optimizer.second." + named[k].first, optimizer_->second_moments()[k]);
  }
  for (const auto& [name, buffer] : layers_.buffers) take(name, buffer->value);
  epochs_done_ = std::stoll(file.metadata.at("epochs"));
  // Dropout draws a mask per training batch: as many as the epochs done have drawn.
  const int64_t batches = (train_.count + spec_.batch - 1) / spec_.batch;
  for (const auto& layer : layers_.stack.layers())
    if (auto* dropout = dynamic_cast<DropoutLayer<float>*>(layer.get())) dropout->batches_seen() = static_cast<uint64_t>(epochs_done_ * batches);
  history_.clear();
  const auto history = file.metadata.find("history");
  std::istringstream lines(history != file.metadata.end() ? history->second : "");
  EpochReport r;
  while (lines >> r.epoch >> r.loss >> r.train_accuracy >> r.test_accuracy >> r.learning_rate >> r.samples_per_second >> r.seconds) history_.push_back(r);
  optimizer_->steps_taken() = std::stoll(file.metadata.at("optimizer_steps"));
  if (gpu_) gpu_->upload();
}

}  // namespace snn::training

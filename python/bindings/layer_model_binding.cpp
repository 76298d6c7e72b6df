// The layer models for Python, on the host or the GPU (models/): a Spikformer (numpy images in, class
// scores and each LIF layer's firing rate out) and a SpikeGPT (tokens in, logits or generated tokens
// out), with weights from safetensors files under the reference implementations' names.
#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <string>

#include "core/simulation.hpp"
#include "io/char_vocabulary.hpp"
#include "models/cuda/cuda_spikformer.hpp"
#include "models/safetensors.hpp"
#include "models/spike_gpt.hpp"
#include "models/spike_gpt_generator.hpp"
#include "models/spikformer.hpp"
#include "models/spikformer_batches.hpp"
#include "models/token_sampler.hpp"
#include "python/bindings/bindings.hpp"
#include "python/bindings/numpy_arrays.hpp"

namespace py = pybind11;

namespace snn::python {
namespace {

class PySpikformer {
 public:
  PySpikformer(const std::string& path, int64_t height, int64_t width, int64_t patch_size, int64_t heads, int64_t time_steps) {
    SpikformerConfig config;
    config.image_height = height, config.image_width = width;
    config.patch_size = patch_size, config.heads = heads, config.time_steps = time_steps;
    model_ = load_spikformer(path, config);
  }

  // Class scores [n, classes] for images [n, channels, height, width]; the layers' rates kept.
  py::array_t<float> classify(const py::array_t<float, py::array::c_style | py::array::forcecast>& images,
                              const std::string& backend, int64_t batch) {
    if (images.ndim() != 4)
      throw std::invalid_argument("images: expected an array [n, channels, height, width], got " +
                                  std::to_string(images.ndim()) + " dimensions");
    Tensor input(TensorShape(images.shape(), images.shape() + 4));
    std::copy(images.data(), images.data() + images.size(), input.values.begin());
    const bool cuda = resolve_backend(parse_backend(backend)) == Backend::kCuda;
    const int64_t n = input.dim(0), size = std::max<int64_t>(1, std::min<int64_t>(batch, n));
    std::unique_ptr<CudaSpikformer> gpu;
    SpikformerActivity activity;
    activity.keep_spikes = false;
    Tensor logits;
    {
      py::gil_scoped_release released;
      if (cuda) gpu = std::make_unique<CudaSpikformer>(model_, size);
      logits = classify_in_batches(model_, gpu.get(), input, size, &activity);
    }
    rates_.clear();
    for (const auto& [name, count] : activity.outputs) rates_[name] = count.rate();
    return to_numpy(logits.values, static_cast<size_t>(logits.dim(0)), static_cast<size_t>(logits.dim(1)));
  }

  const std::map<std::string, double>& rates() const { return rates_; }
  const SpikformerModel& model() const { return model_; }

 private:
  SpikformerModel model_;
  std::map<std::string, double> rates_;  // per LIF layer, of the last classify()
};

// A SpikeGPT model and its generator on one backend; tokens continue what was fed before.
class PySpikeGpt {
 public:
  PySpikeGpt(const std::string& path, const std::string& backend)
      : model_(load_spike_gpt(path)), generator_(model_, resolve_backend(parse_backend(backend)) == Backend::kCuda) {}

  py::array_t<float> feed(const std::vector<int32_t>& tokens) {
    check(tokens);
    std::vector<float> logits;
    {
      py::gil_scoped_release released;
      logits = generator_.feed(tokens);
    }
    return to_numpy(logits);
  }

  // `count` tokens after `prompt`, each drawn from the logits (greedy, or top-p at a temperature).
  std::vector<int32_t> generate(const std::vector<int32_t>& prompt, uint32_t count, bool greedy, float temperature,
                                float top_p, uint64_t seed) {
    check(prompt);
    if (prompt.empty()) throw std::invalid_argument("the prompt has no tokens");
    const SamplingSettings sampling{greedy, temperature, top_p};
    std::vector<int32_t> out;
    py::gil_scoped_release released;
    std::mt19937_64 random(seed);
    std::vector<float> logits = generator_.feed(prompt);
    for (uint32_t k = 0; k < count; ++k) {
      out.push_back(sample_token(logits, sampling, random));
      if (k + 1 < count) logits = generator_.feed({out.back()});
    }
    return out;
  }

  int64_t vocabulary() const { return model_.vocabulary; }

 private:
  void check(const std::vector<int32_t>& tokens) const {
    for (int32_t t : tokens)
      if (t < 0 || t >= model_.vocabulary)
        throw std::invalid_argument("token " + std::to_string(t) + " lies outside the vocabulary of " +
                                    std::to_string(model_.vocabulary));
  }

  SpikeGptModel model_;
  SpikeGptGenerator generator_;
};

}  // namespace

void bind_layer_models(py::module_& m) {
  py::class_<CharVocabulary>(m, "CharVocabulary")
      .def(py::init(&load_char_vocabulary), py::arg("path"))
      .def(
          "encode",
          [](const CharVocabulary& v, const std::string& text) {
            try {
              return v.encode(text);
            } catch (const std::runtime_error& e) {  // a text it cannot encode: a bad value, for Python
              throw std::invalid_argument(e.what());
            }
          },
          py::arg("text"))
      .def("decode", [](const CharVocabulary& v, const std::vector<int32_t>& ids) {
        std::string text;
        for (int32_t id : ids) {
          if (id < 0 || static_cast<size_t>(id) >= v.pieces.size())
            throw std::invalid_argument("token " + std::to_string(id) + " is not in the vocabulary of " +
                                        std::to_string(v.pieces.size()));
          text += v.decode(id);
        }
        return text;
      }, py::arg("ids"))
      .def("__len__", [](const CharVocabulary& v) { return v.pieces.size(); });
  py::class_<PySpikeGpt>(m, "SpikeGpt")
      .def(py::init<const std::string&, const std::string&>(), py::arg("path"), py::arg("backend"))
      .def("feed", &PySpikeGpt::feed, py::arg("tokens"))
      .def("generate", &PySpikeGpt::generate, py::arg("prompt"), py::arg("count"), py::arg("greedy"),
           py::arg("temperature"), py::arg("top_p"), py::arg("seed"))
      .def_property_readonly("vocabulary", &PySpikeGpt::vocabulary);
  m.def(
      "read_safetensors",
      [](const std::string& path) {
        py::dict out;
        for (const auto& [name, tensor] : read_safetensors(path).tensors) {
          py::array_t<float> array(std::vector<py::ssize_t>(tensor.shape.begin(), tensor.shape.end()));
          std::copy(tensor.values.begin(), tensor.values.end(), array.mutable_data());
          out[py::str(name)] = array;
        }
        return out;
      },
      py::arg("path"));
  py::class_<PySpikformer>(m, "Spikformer")
      .def(py::init<const std::string&, int64_t, int64_t, int64_t, int64_t, int64_t>(), py::arg("path"), py::arg("height"),
           py::arg("width"), py::arg("patch_size"), py::arg("heads"), py::arg("time_steps"))
      .def("classify", &PySpikformer::classify, py::arg("images"), py::arg("backend"), py::arg("batch"))
      .def_property_readonly("rates", &PySpikformer::rates)
      .def_property_readonly("classes", [](const PySpikformer& s) { return s.model().classes; })
      .def_property_readonly("width", [](const PySpikformer& s) { return s.model().width; })
      .def_property_readonly("blocks", [](const PySpikformer& s) { return s.model().blocks.size(); });
}

}  // namespace snn::python

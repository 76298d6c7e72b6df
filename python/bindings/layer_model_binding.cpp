// The Spikformer for Python: weights from safetensors (the reference's names), numpy images in,
// class scores and each LIF layer's firing rate out, on the host or the GPU (models/).
#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <string>

#include "core/simulation.hpp"
#include "models/cuda/cuda_spikformer.hpp"
#include "models/safetensors.hpp"
#include "models/spikformer.hpp"
#include "models/spikformer_batches.hpp"
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

}  // namespace

void bind_layer_models(py::module_& m) {
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

// Fuzzes the other YAML files a user writes: energy architectures, hardware profiles and layer-model
// runs (seeded with the shipped ones).
#include "energy/architecture.hpp"
#include "energy/hardware_profile.hpp"
#include "io/layer_model_spec.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = snn::fuzz::as_file(data, size, "input.yaml");
  snn::fuzz::refused_or_read([&] { (void)snn::energy::load_architecture(path); });
  snn::fuzz::refused_or_read([&] { (void)snn::energy::load_hardware_profile(path); });
  snn::fuzz::refused_or_read([&] { (void)snn::load_layer_model(path); });
  return 0;
}

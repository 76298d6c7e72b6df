// Fuzzes `snn run --set` settings: the input is one setting applied to the COBA experiment.
#include "core/memory_estimate.hpp"
#include "io/experiment_loader.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string experiment = [] {
    std::string text;
    if (std::FILE* file = std::fopen(SNN_SOURCE_DIR "/experiments/coba.yaml", "rb")) {
      char buffer[4096];
      for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) text.append(buffer, n);
      std::fclose(file);
    }
    return text;
  }();
  const std::string setting(reinterpret_cast<const char*>(data), size);
  snn::fuzz::refused_or_read([&] {
    const snn::ExperimentSpec spec = snn::load_experiment_text(experiment, SNN_SOURCE_DIR "/experiments/coba.yaml", {setting});
    (void)snn::expected_host_bytes(spec);
    (void)snn::expected_recording(spec);
  });
  return 0;
}

#pragma once
// The subcommands of `snn`; each returns the process exit code.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/token_sampler.hpp"

namespace snn {

struct RunOptions {
  std::string experiment;
  std::string output;  // empty: <experiment name>.h5 in the current directory
  std::optional<uint64_t> seed;
  std::optional<double> duration_ms;
  std::optional<int> threads;
  std::vector<std::string> overrides;  // --set path=value
  bool progress = true;
  std::string backend = "auto";  // auto: CUDA when a device is present, else the CPU
  std::string cuda_kernel = "auto";  // auto, fused, graph or overlapped (EngineOptions::cuda_kernel)
  uint32_t cuda_blocks = 0;
  std::string simd = "auto";  // the CPU engine's vector instructions: auto, baseline, avx2, avx512
  std::string load_weights;  // a run's HDF5 file whose learned weights the projections start from
  bool allow_large_output = false;  // write more than kLargeRecordingBytes of sampled state and weights
  std::optional<double> checkpoint_every_ms;  // write the run's state beside its file this often
  std::string resume;  // a checkpoint (or a run's file with one beside it) to continue
  // A NIR graph's run (experiment `*.nir`): its input data and how time is stepped (docs/nir.md).
  std::vector<std::string> nir_inputs;  // FILE, or NAME=FILE for each of several Input nodes
  double nir_dt_ms = 0.1;
  int64_t nir_steps = 0;
  int64_t nir_samples = 0;
  std::string discretisation = "exact";
  bool batch_first = false;
  bool record_spikes = false;
};

int run_command(const RunOptions& options);

struct TrainOptions {
  std::string training;  // the training YAML (io/training_spec.hpp)
  std::string output;    // the trained weights (safetensors); default <training>.safetensors
  std::string resume;    // a checkpoint to continue from
  int64_t epochs = 0;    // 0: the file's
  bool progress = true;
  std::string backend = "auto";  // cpu, cuda, or auto (CUDA when a device is present)
};
// `snn train`: a spiking classifier trained by backpropagation through time.
int train_command(const TrainOptions& options);
// `snn train` of a heterogeneous-delay file (one with `stimuli`: training/motion_delay_spec.hpp).
int motion_delay_command(const TrainOptions& options);
// `snn run` of a layer model file (io/layer_model_spec.hpp) rather than a network experiment.
int run_layer_model(const RunOptions& options);
// `snn run` of a NIR graph (`*.nir`) on its --input data.
int run_nir_graph(const RunOptions& options);
int validate_command(const std::string& experiment, const std::vector<std::string>& overrides);
// Whether the file at `path` describes a layer model (io/layer_model_spec.hpp) rather than a network.
bool is_layer_model_file(const std::string& path);
// `snn export`: a network experiment as a NIR graph; `approximate` writes what NIR cannot hold as near
// as it can (nir/network_export.hpp).
int export_command(const std::string& experiment, const std::vector<std::string>& overrides, const std::string& output, bool approximate,
                   bool drop_one_step_delays);
int info_command(const std::string& path);
// Rewrites a killed run's file (or writes the copy to `output`) so that every HDF5 tool opens it.
int recover_command(const std::string& path, const std::string& output);
struct PlotCommandOptions {
  std::vector<std::string> runs;  // one run's file, or two to compare
  std::string output;             // the page (html) or the folder of figures; default beside the first run
  std::string format = "html";    // html, svg, pdf, png
  std::vector<std::string> populations;
  std::optional<double> from_ms, to_ms;
};

// `snn plot`: a run's figures as one self-contained HTML page, or each as a file (plot/).
int plot_command(const PlotCommandOptions& options);
// The neuron models with their parameters, state and derived values (markdown).
int models_command();
// Runs like `run` without writing HDF5, prints speed figures and appends them as JSON to `results_path`.
int bench_command(const RunOptions& options, const std::string& results_path);

// Energy of each architecture (YAML, or a run's HDF5 file) priced by each hardware profile (the default
// where none is given) against ANN baselines; writes OUTPUT.json, OUTPUT.csv and OUTPUT.html, several
// reports side by side. `method` empty: each architecture's own (full unless its file says otherwise).
int energy_command(const std::vector<std::string>& architecture_paths, const std::vector<std::string>& profile_paths,
                   const std::string& method, const std::string& output);

struct GenerateOptions {
  std::string model;       // SpikeGPT weights (safetensors, the reference's names)
  std::string vocabulary;  // the character vocabulary (JSON); without it, tokens are ids
  std::string prompt, prompt_ids;
  uint32_t tokens = 200;
  SamplingSettings sampling;
  uint64_t seed = 0;
  std::string backend = "auto";
  bool print_ids = false, echo_prompt = true;
  std::string results;  // a file the speed figures are appended to as a JSON line
  std::string energy_architecture;  // where to write the model per token for snn energy (with firing rates)
};

// Samples text from a SpikeGPT model token by token; prints it as it comes and its speed.
int generate_command(const GenerateOptions& options);

struct ClassifyOptions {
  std::string model;   // Spikformer weights (safetensors, the reference's names)
  std::string images;  // safetensors: "images" [n, c, h, w]; optional "labels" [n] and reference "logits"
                       // (a model trained by snn train: also IDX, or none for its test set)
  std::string labels;  // a model trained by snn train: the images' labels (IDX)
  int64_t patch_size = 4, heads = 12, time_steps = 4;
  int64_t batch = 64;
  std::string path = "auto";  // the GPU's products for spike inputs: auto, dense, tensor or sparse
  double sparse_below = 0.01;
  uint32_t repeat = 3;         // timed passes over the images, after one untimed
  std::string backend = "auto";
  std::string results;
  std::string energy_architecture;  // where to write the model's energy architecture with measured rates
};

// Classifies images with a Spikformer; prints images/s and the agreement with stored logits or labels.
int classify_command(const ClassifyOptions& options);
// The same with a classifier trained by snn train (training/trained_classifier.hpp).
int classify_trained_command(const ClassifyOptions& options);

// --seed, --duration and --threads expressed as --set overrides, after the user's own.
std::vector<std::string> effective_overrides(const RunOptions& options);

}  // namespace snn

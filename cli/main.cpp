// snn: run spiking-network experiments described in YAML.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <new>

#include "cli/commands.hpp"
#include "core/experiment_spec.hpp"
#include "snn_version.hpp"

namespace {

void add_engine_options(CLI::App* command, snn::RunOptions& options) {
  command->add_option("--simd", options.simd,
                      "The CPU engine's vector instructions: auto (the widest this processor has), baseline, avx2 or "
                      "avx512; every level gives the same spikes")
      ->check(CLI::IsMember({"auto", "baseline", "avx2", "avx512"}));
  command->add_option("--cuda-kernel", options.cuda_kernel,
                      "CUDA steps as one persistent kernel (fused), two kernels a step in graphs (graph), one kernel "
                      "a step with the delivery overlapped (overlapped), or auto")
      ->check(CLI::IsMember({"auto", "fused", "graph", "overlapped"}));
  command->add_option("--cuda-blocks", options.cuda_blocks, "Blocks of the fused kernel (0 = as many as have work), or delivery blocks of the overlapped step (0 = auto)");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"snn: spiking neural network simulator"};
  app.set_version_flag("--version", snn::kSnnVersion);
  app.require_subcommand(1);
  app.option_defaults()->always_capture_default();  // --help shows every option's default

  snn::RunOptions run;
  CLI::App* run_cmd = app.add_subcommand("run", "Simulate an experiment and write its spikes to HDF5");
  CLI::Option* experiment = run_cmd->add_option("experiment", run.experiment, "Experiment YAML file");
  CLI::Option* output = run_cmd->add_option("-o,--output", run.output, "HDF5 output file (default: <experiment>.h5)");
  CLI::Option* seed = run_cmd->add_option("--seed", run.seed, "Random seed (overrides simulation.seed)");
  CLI::Option* duration =
      run_cmd->add_option("--duration", run.duration_ms, "Biological time to simulate, ms (overrides simulation.duration)");
  run_cmd->add_option("--threads", run.threads, "CPU threads, 0 = all cores (overrides simulation.threads)")
      ->check(CLI::Range(0, snn::kMostThreads));
  CLI::Option* set = run_cmd->add_option("--set", run.overrides, "Override a key: path.to.key=value (repeatable)");
  run_cmd->add_option("--checkpoint-every", run.checkpoint_every_ms,
                      "Write the run's complete state every this many ms of simulated time, and where a signal stops it, "
                      "beside the output (<output>.checkpoint.h5)")
      ->check(CLI::PositiveNumber);
  run_cmd->add_flag("!--no-progress", run.progress, "Do not draw the progress line");
  run_cmd->add_flag("--allow-large-output", run.allow_large_output,
                    "Write the sampled state and weights even where they exceed 10 GiB (otherwise refused, with the size)");
  CLI::Option* load_weights = run_cmd->add_option("--load-weights", run.load_weights,
                      "Start the projections named in this run's HDF5 file (/weights) from its learned weights");
  run_cmd
      ->add_option("--resume", run.resume,
                   "Continue a run from its checkpoint (or from the run's file, whose checkpoint is beside it), on "
                   "either backend: the same spikes as the run without a stop")
      ->excludes(experiment)
      ->excludes(output)
      ->excludes(seed)
      ->excludes(duration)
      ->excludes(set)
      ->excludes(load_weights);
  run_cmd->add_option("--backend", run.backend, "cpu, cuda, or auto (CUDA when a GPU is present)")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  add_engine_options(run_cmd, run);
  run_cmd->add_option("--input", run.nir_inputs,
                      "A NIR graph's input: .npy ([steps, (batch,) *shape]), .h5 events or IDX images; NODE=FILE for each "
                      "of several Input nodes");
  run_cmd->add_option("--dt", run.nir_dt_ms, "A NIR graph's time step, ms")->check(CLI::PositiveNumber);
  run_cmd->add_option("--steps", run.nir_steps, "A NIR graph's steps (default: the input's length)")->check(CLI::NonNegativeNumber);
  run_cmd->add_option("--samples", run.nir_samples, "Run only the input's first samples (0 = all)")->check(CLI::NonNegativeNumber);
  run_cmd->add_option("--discretisation", run.discretisation, "A NIR graph's neurons stepped exactly (exact) or as snnTorch's import does (snntorch)")
      ->check(CLI::IsMember({"exact", "snntorch"}));
  run_cmd->add_flag("--batch-first", run.batch_first, "The .npy input is laid out [batch, steps, ...]");
  run_cmd->add_flag("--record-spikes", run.record_spikes, "Write every spiking node's spikes of a NIR graph's run");

  snn::RunOptions bench;
  std::string results = "bench_results.jsonl";
  CLI::App* bench_cmd = app.add_subcommand("bench", "Time an experiment: construction, real-time factor, events/s, memory");
  bench_cmd->add_option("experiment", bench.experiment, "Experiment YAML file")->required();
  bench_cmd->add_option("--duration", bench.duration_ms, "Biological time to simulate, ms");
  bench_cmd->add_option("--threads", bench.threads, "CPU threads, 0 = all cores")->check(CLI::Range(0, snn::kMostThreads));
  bench_cmd->add_option("--set", bench.overrides, "Override a key: path.to.key=value (repeatable)");
  bench_cmd->add_option("--backend", bench.backend, "cpu, cuda, or auto")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  add_engine_options(bench_cmd, bench);
  bench_cmd->add_option("--results", results, "File the JSON line is appended to");
  bench_cmd->add_flag("!--no-progress", bench.progress, "Do not draw the progress line");

  std::string validate_file;
  std::vector<std::string> validate_overrides;
  std::string export_file, export_output;
  std::vector<std::string> export_overrides;
  bool export_approximate = false, export_without_one_step_delays = false;
  CLI::App* export_cmd = app.add_subcommand("export", "Write a network experiment as a NIR graph (docs/nir.md)");
  export_cmd->add_option("experiment", export_file, "Experiment YAML file")->required();
  export_cmd->add_option("-o,--output", export_output, "The NIR file to write")->required();
  export_cmd->add_option("--set", export_overrides, "Override a key: path.to.key=value (repeatable)");
  export_cmd->add_flag("--approximate", export_approximate,
                       "Write what NIR cannot hold as near as it can (refractory periods dropped, plastic weights frozen, "
                       "initial potentials at rest), listing each");
  export_cmd->add_flag("--without-one-step-delays", export_without_one_step_delays,
                       "Leave out the Delay nodes of one-step delays, for frameworks that import no Delay (snnTorch, Norse): "
                       "feed-forward edges then arrive a step earlier");

  snn::TrainOptions train;
  CLI::App* train_cmd = app.add_subcommand("train", "Train a spiking classifier by backpropagation through time (docs/training.md)");
  train_cmd->add_option("training", train.training, "Training YAML file")->required();
  train_cmd->add_option("-o,--output", train.output, "Trained weights (safetensors; default <training>.safetensors)");
  train_cmd->add_option("--resume", train.resume, "Continue from a checkpoint (<output>.checkpoint): the weights of a run that never stopped");
  train_cmd->add_option("--epochs", train.epochs, "Epochs in all (overrides the file's)")->check(CLI::PositiveNumber);
  train_cmd->add_flag("!--no-progress", train.progress, "Do not draw the progress line");
  train_cmd->add_option("--backend", train.backend, "cpu, cuda, or auto (CUDA when a GPU is present)")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));

  CLI::App* validate_cmd = app.add_subcommand("validate", "Check an experiment file without running it");
  validate_cmd->add_option("experiment", validate_file, "Experiment YAML file")->required();
  validate_cmd->add_option("--set", validate_overrides, "Override a key: path.to.key=value (repeatable)");

  std::vector<std::string> energy_files, energy_profiles;
  std::string energy_method, energy_output = "energy_report";
  CLI::App* energy_cmd =
      app.add_subcommand("energy", "Estimate the energy of an SNN architecture against quantized ANN baselines");
  energy_cmd->add_option("architecture", energy_files,
                         "Architecture YAML file (layers, firing rates, time steps), or the HDF5 file of a run; several are "
                         "compared side by side")
      ->required();
  energy_cmd->add_option("--profile", energy_profiles,
                         "Hardware profile YAML (default: Horowitz 45 nm); repeat to compare profiles side by side");
  energy_cmd
      ->add_option("--method", energy_method,
                   "full: compute and memory traffic (default); synaptic_ops: accumulates and multiply-accumulates only, "
                   "the method of the published spiking-transformer figures (overrides the file's method)")
      ->check(CLI::IsMember({"full", "synaptic_ops"}));
  energy_cmd->add_option("-o,--output", energy_output, "Report path without extension: writes .json, .csv and .html");

  snn::GenerateOptions generate;
  CLI::App* generate_cmd = app.add_subcommand("generate", "Sample text from a SpikeGPT model (safetensors weights)");
  generate_cmd->add_option("model", generate.model, "Weights in safetensors, named as SpikeGPT's model")->required();
  generate_cmd->add_option("--vocab", generate.vocabulary, "Character vocabulary (JSON: id -> character)");
  generate_cmd->add_option("--prompt", generate.prompt, "Prompt text (needs --vocab; default: a newline)");
  generate_cmd->add_option("--prompt-ids", generate.prompt_ids, "Prompt as comma-separated token ids");
  generate_cmd->add_option("-n,--tokens", generate.tokens, "Tokens to generate")->check(CLI::Range(0, 1 << 24));
  generate_cmd->add_option("--temperature", generate.sampling.temperature, "Softmax temperature");
  generate_cmd->add_option("--top-p", generate.sampling.top_p, "Nucleus sampling: keep the most likely tokens up to this probability");
  generate_cmd->add_flag("--greedy", generate.sampling.greedy, "Always take the most likely token");
  generate_cmd->add_option("--seed", generate.seed, "Random seed of the sampling");
  generate_cmd->add_option("--backend", generate.backend, "cpu, cuda, or auto")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  generate_cmd->add_flag("--ids", generate.print_ids, "Print token ids instead of text");
  generate_cmd->add_flag("!--no-echo", generate.echo_prompt, "Do not print the prompt before the generated text");
  generate_cmd->add_option("--results", generate.results, "Append the speed figures as a JSON line to this file");
  generate_cmd->add_option("--energy-architecture", generate.energy_architecture,
                           "Write the model per token, with the measured firing rates, as an architecture for snn energy");

  snn::ClassifyOptions classify;
  CLI::App* classify_cmd =
      app.add_subcommand("classify", "Classify images with a Spikformer or a classifier trained by snn train (safetensors weights)");
  classify_cmd->add_option("model", classify.model, "Weights in safetensors: a Spikformer's (the reference's names) or snn train's")->required();
  classify_cmd->add_option("--images", classify.images,
                           "safetensors with \"images\" [n, c, h, w] (and \"labels\" or \"logits\"); for snn train's models also IDX, "
                           "or nothing for the training file's test set");
  classify_cmd->add_option("--labels", classify.labels, "The images' labels (IDX), for snn train's models");
  classify_cmd->add_option("--patch", classify.patch_size, "Patch size (a power of two)")->check(CLI::Range(1, 1 << 12));
  classify_cmd->add_option("--heads", classify.heads, "Attention heads")->check(CLI::Range(1, 1 << 12));
  classify_cmd->add_option("--time-steps", classify.time_steps, "Time steps T")->check(CLI::Range(1, 1 << 12));
  classify_cmd->add_option("--batch", classify.batch, "Images a batch")->check(CLI::Range(1, 1 << 16));
  classify_cmd
      ->add_option("--path", classify.path,
                   "Products of spike inputs on the GPU: dense (float32 cuBLAS), tensor (split-bfloat16 tensor cores), "
                   "sparse (gathered spikes), or auto (sparse below --sparse-below, else tensor)")
      ->check(CLI::IsMember({"auto", "dense", "tensor", "sparse"}));
  classify_cmd->add_option("--sparse-below", classify.sparse_below, "auto: the sparse product below this input rate");
  classify_cmd->add_option("--repeat", classify.repeat, "Timed passes over the images (0: the untimed one only)")
      ->check(CLI::Range(0, 1 << 20));
  classify_cmd->add_option("--backend", classify.backend, "cpu, cuda, or auto")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  classify_cmd->add_option("--results", classify.results, "Append the figures as a JSON line to this file");
  classify_cmd->add_option("--energy-architecture", classify.energy_architecture,
                           "Write the model with its measured firing rates as an architecture for snn energy");

  std::string info_file;
  CLI::App* info_cmd = app.add_subcommand("info", "Describe a recorded run");
  info_cmd->add_option("file", info_file, "HDF5 file written by snn run")->required();

  std::string recover_file, recover_output;
  CLI::App* recover_cmd = app.add_subcommand(
      "recover", "Make the file of a killed run (SIGKILL, power loss) readable by every HDF5 tool, keeping what it holds");
  recover_cmd->add_option("file", recover_file, "HDF5 file written by snn run")->required();
  recover_cmd->add_option("-o,--output", recover_output, "Write the recovered copy here instead of replacing the file");

  snn::PlotCommandOptions plot;
  CLI::App* plot_cmd = app.add_subcommand("plot", "Draw a run's figures: one HTML page (default) or a file per figure");
  plot_cmd->add_option("runs", plot.runs, "A run's HDF5 file, or two runs to compare on one page")->required()->expected(1, 2);
  plot_cmd->add_option("-o,--output", plot.output,
                       "The page (html; default RUN.html) or the folder of figures (svg, pdf, png; default RUN-figures)");
  plot_cmd->add_option("--format", plot.format, "html: one page; svg, pdf, png: a file per figure (pdf, png: by headless Chromium)")
      ->capture_default_str();
  plot_cmd->add_option("--populations", plot.populations, "Only these populations (default: every recorded one)");
  plot_cmd->add_option("--from", plot.from_ms, "Start of the window shown, ms (default: 0)");
  plot_cmd->add_option("--to", plot.to_ms, "End of the window shown, ms (default: the time the run reached)");

  CLI::App* models_cmd =
      app.add_subcommand("models", "List the neuron models and plasticity rules with their settings, units and ranges (markdown)");

  CLI11_PARSE(app, argc, argv);
  // Sizes are checked before anything large is built; this is for what no estimate foresaw.
  try {
    if (*run_cmd) return snn::run_command(run);
    if (*bench_cmd) return snn::bench_command(bench, results);
    if (*validate_cmd) return snn::validate_command(validate_file, validate_overrides);
    if (*train_cmd) return snn::train_command(train);
    if (*export_cmd) return snn::export_command(export_file, export_overrides, export_output, export_approximate,
                                                    export_without_one_step_delays);
    if (*info_cmd) return snn::info_command(info_file);
    if (*recover_cmd) return snn::recover_command(recover_file, recover_output);
    if (*models_cmd) return snn::models_command();
    if (*plot_cmd) return snn::plot_command(plot);
    if (*generate_cmd) return snn::generate_command(generate);
    if (*classify_cmd) return snn::classify_command(classify);
    if (*energy_cmd) return snn::energy_command(energy_files, energy_profiles, energy_method, energy_output);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "\nerror: out of memory (snn validate shows what the experiment needs and what this machine has)\n");
    return 1;
  }
  return 2;
}

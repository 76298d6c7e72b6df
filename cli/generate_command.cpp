// `snn generate MODEL.safetensors`: text from a SpikeGPT model, token by token, with its speed.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/run_setup.hpp"
#include "io/char_vocabulary.hpp"
#include "models/spike_gpt.hpp"
#include "models/spike_gpt_architecture.hpp"
#include "models/spike_gpt_generator.hpp"
#include "models/token_sampler.hpp"

namespace snn {
namespace {

std::vector<int32_t> parse_ids(const std::string& text) {
  std::vector<int32_t> ids;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    size_t used = 0;
    long id = -1;
    try {
      id = std::stol(item, &used);
    } catch (const std::exception&) {
    }
    if (used != item.size() || id < 0) throw std::runtime_error("--prompt-ids: '" + item + "' is not a token id");
    ids.push_back(static_cast<int32_t>(id));
  }
  return ids;
}

}  // namespace

int generate_command(const GenerateOptions& options) {
  try {
    const auto load_start = std::chrono::steady_clock::now();
    const SpikeGptModel model = load_spike_gpt(options.model);
    CharVocabulary vocabulary;
    const bool has_vocabulary = !options.vocabulary.empty();
    if (has_vocabulary) vocabulary = load_char_vocabulary(options.vocabulary);
    if (has_vocabulary && static_cast<int64_t>(vocabulary.pieces.size()) != model.vocabulary)
      throw std::runtime_error(options.vocabulary + ": " + std::to_string(vocabulary.pieces.size()) +
                               " characters, but the model has a vocabulary of " + std::to_string(model.vocabulary));
    std::vector<int32_t> prompt;
    if (!options.prompt_ids.empty()) prompt = parse_ids(options.prompt_ids);
    else if (has_vocabulary) prompt = vocabulary.encode(options.prompt.empty() ? "\n" : options.prompt);
    else throw std::runtime_error("without --vocab the prompt is given as token ids (--prompt-ids 0,5,17)");
    for (int32_t t : prompt)
      if (t >= model.vocabulary) throw std::runtime_error("prompt token " + std::to_string(t) + " lies outside the vocabulary of " + std::to_string(model.vocabulary));
    const std::string backend = choose_backend(options.backend);
    SpikeGptGenerator generator(model, backend == "cuda");
    const double load_seconds = seconds_since(load_start);
    std::fprintf(stderr, "%s: %zu blocks, width %lld, vocabulary %lld; %s backend (loaded in %.2f s)\n",
                 options.model.c_str(), model.blocks.size(), static_cast<long long>(model.width),
                 static_cast<long long>(model.vocabulary), backend.c_str(), load_seconds);

    auto show = [&](int32_t token) {
      if (has_vocabulary && !options.print_ids) std::fputs(vocabulary.decode(token).c_str(), stdout);
      else std::printf("%d ", token);
      std::fflush(stdout);
    };
    if (options.echo_prompt)
      for (int32_t t : prompt) show(t);
    const auto prompt_start = std::chrono::steady_clock::now();
    SpikeGptActivity measured;
    SpikeGptActivity* activity = options.energy_architecture.empty() ? nullptr : &measured;
    std::vector<float> logits = generator.feed(prompt, activity);
    const double prompt_seconds = seconds_since(prompt_start);
    std::mt19937_64 random(options.seed);
    const auto start = std::chrono::steady_clock::now();
    for (uint32_t k = 0; k < options.tokens; ++k) {
      const int32_t next = sample_token(logits, options.sampling, random);
      show(next);
      if (k + 1 < options.tokens) logits = generator.feed({next}, activity);
    }
    const double seconds = seconds_since(start);
    std::printf("\n");
    std::fflush(stdout);
    const double per_token = options.tokens > 1 ? seconds / (options.tokens - 1) : 0.0;
    std::fprintf(stderr, "prompt: %zu tokens in %.2f ms; generated %u tokens in %.3f s: %.1f tokens/s, %.3f ms/token\n",
                 prompt.size(), prompt_seconds * 1e3, options.tokens, seconds, per_token > 0 ? 1.0 / per_token : 0.0,
                 per_token * 1e3);
    if (activity != nullptr) {
      std::ofstream out(options.energy_architecture);
      out << spike_gpt_energy_architecture(model, measured, options.model);
      if (!out) throw std::runtime_error(options.energy_architecture + ": cannot write");
      std::fprintf(stderr, "the architecture per token, with the measured firing rates: %s (for snn energy)\n",
                   options.energy_architecture.c_str());
    }
    if (!options.results.empty()) {
      const nlohmann::json line = {{"command", "generate"}, {"model", options.model}, {"backend", backend},
                                   {"blocks", model.blocks.size()}, {"width", model.width},
                                   {"vocabulary", model.vocabulary}, {"prompt_tokens", prompt.size()},
                                   {"prompt_ms", prompt_seconds * 1e3}, {"tokens", options.tokens},
                                   {"tokens_per_second", per_token > 0 ? 1.0 / per_token : 0.0},
                                   {"ms_per_token", per_token * 1e3}, {"device_bytes", generator.device_bytes()}};
      std::ofstream(options.results, std::ios::app) << line.dump() << "\n";
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}

}  // namespace snn

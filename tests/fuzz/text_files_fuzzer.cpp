// Fuzzes the small text files a user hands in beside an experiment or a model: spike-time files (spike
// sources and modulator pulses) and character vocabularies, with a prompt encoded through the latter.
#include "io/char_vocabulary.hpp"
#include "io/spike_times_file.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = snn::fuzz::as_file(data, size, "input.txt");
  snn::fuzz::refused_or_read([&] { (void)snn::read_spike_times_file(path, 100); });
  snn::fuzz::refused_or_read([&] {
    const snn::CharVocabulary vocabulary = snn::load_char_vocabulary(path);
    (void)vocabulary.encode("the quick brown fox\n");
  });
  return 0;
}

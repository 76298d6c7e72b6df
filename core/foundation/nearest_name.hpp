#pragma once
// "Did you mean...?": the name closest to a misspelt one, for the messages of the loader and of the
// library's validation.
#include <string>
#include <vector>

namespace snn {

// The candidate closest to `word` by edit distance, or "" when none is reasonably close.
std::string nearest_name(const std::string& word, const std::vector<std::string>& candidates);

// " (did you mean 'name'?)" with the nearest candidate, or "" when none is close.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

// "a, b, c".
std::string join_names(const std::vector<std::string>& names);

}  // namespace snn

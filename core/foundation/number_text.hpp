#pragma once
// A number as a person writes it in a message or a table (300, 0.25, 1e-06): printf's %g.
#include <string>

namespace snn {

std::string number_text(double value);
// The number by a printf pattern for one double ("%.3g", "%.1f"), for figures, captions and tables.
std::string number_text(double value, const char* pattern);

}  // namespace snn

#pragma once
// A number as a person writes it in a message or a table (300, 0.25, 1e-06): printf's %g.
#include <string>

namespace snn {

std::string number_text(double value);

}  // namespace snn

#pragma once
// The energy report as one self-contained HTML page (plot/report_page.hpp): the estimate's basis (the
// profile, the method, what the baselines are), the SNN's energy per layer and against each baseline,
// the network's energy against its firing rates with the break-even points labelled, where the energy
// goes, the published figure beside the estimate where the architecture has one, and the numbers.
// Several reports (hardware profiles, or runs) go on one page, side by side first.
#include <string>
#include <utility>
#include <vector>

#include "energy/energy_model.hpp"
#include "plot/report_page.hpp"

namespace snn::energy {

plot::Page report_page(const LabelledReports& reports);
std::string report_html(const LabelledReports& reports);
std::string report_html(const EnergyReport& report);

}  // namespace snn::energy

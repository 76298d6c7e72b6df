#pragma once
// The page `snn plot RUN.h5` writes for a layer model's run (models/layer_run_record.hpp): the firing
// rate of every LIF layer and the rate of non-zero inputs of the product feeding it, in the model's
// order (which keeps blocks together, and stays readable at 50+ layers), and what the model answered.
#include <string>

#include "models/layer_run_record.hpp"
#include "plot/report_page.hpp"

namespace snn::plot {

Page layer_run_page(const std::string& path, const LayerRunRecord& run);

}  // namespace snn::plot

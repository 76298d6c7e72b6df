#!/usr/bin/env bash
# The CPU trainer's layers against a base revision's, in one run (benchmarks/training_cpu_layers.cpp).
#   benchmarks/training_cpu_layers.sh [BASE] [BATCHES]   (BASE: default f1f7518, whose training headers
#   stand alone; its convolution, linear and LIF layers go into namespace snn::training::base)
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-f1f7518}
batches=${2:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/base"
for layer in conv2d_layer linear_layer lif_layer; do
  # The base's types in their own namespace; its includes of the shared headers kept; the image shape
  # named by the layer, so that both trees' layers take their own.
  git show "$base:training/$layer.hpp" |
    sed -e 's/^namespace snn::training {/namespace snn::training::base {/' \
        -e 's#^}  // namespace snn::training$#}  // namespace snn::training::base#' \
        -e 's#"training/conv2d_layer.hpp"#"base/conv2d_layer.hpp"#' > "$dir/base/$layer.hpp"
done
g++ -O3 -std=c++17 -ffp-contract=off -fno-fast-math -fopenmp -I. -I"$dir" benchmarks/training_cpu_layers.cpp -o "$dir/bench"
"$dir/bench" "$batches"

#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite. GPU tests skip without a GPU.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-dependencies.sh
scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)"

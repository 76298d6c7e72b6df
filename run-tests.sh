#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite. GPU tests skip without a GPU.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-dependencies.sh
scripts/build.sh
cd build
# One test at a time: the tests themselves use every core, and OpenMP threads of two test
# processes competing for two cores spin at their barriers.
ctest --output-on-failure

#!/usr/bin/env bash
# Configures and builds snn and its tests into build/ (Release), showing CMake's progress lines; the
# whole output goes to build.log, kept (and its end shown) when the build fails.
set -uo pipefail
cd "$(dirname "$0")/.."
echo "configuring (build/)..."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > build.log 2>&1 || { cat build.log; exit 1; }
grep -E "^-- snn:" build.log || true
echo "building with $(nproc) jobs..."
cmake --build build -j"$(nproc)" 2>&1 | tee -a build.log | grep --line-buffered -E '^\[ *[0-9]+%\] (Building|Linking)'
status=${PIPESTATUS[0]}
if [[ $status -ne 0 ]]; then
  tail -50 build.log
  exit "$status"
fi
rm -f build.log

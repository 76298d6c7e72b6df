#!/usr/bin/env bash
# Installs the Debian 12 packages snn builds against (the Python package's among them; and the
# Fashion-MNIST data its tests read, and Chromium, in which a test renders the HTML energy report;
# clang with libFuzzer and its OpenMP runtime for the sanitizer and fuzzing job,
# scripts/sanitizer-checks.sh), skipping those already present.
set -euo pipefail
packages=(cmake g++ make libhdf5-dev hdf5-tools libyaml-cpp-dev libcli11-dev nlohmann-json3-dev zlib1g-dev
          pybind11-dev python3-dev python3-numpy python3-pytest python3-matplotlib python3-venv python3-pip
          dataset-fashion-mnist
          chromium
          libgtest-dev googletest libbenchmark-dev
          clang libfuzzer-14-dev libomp-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"

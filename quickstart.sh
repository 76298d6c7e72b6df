#!/usr/bin/env bash
# From a fresh Debian 12 machine to a result: installs what is missing, builds, and runs the
# Izhikevich (2003) network, writing its spikes to izhikevich2003.h5 and printing a summary.
# Pass another experiment (and snn run options) to run that instead:
#   ./quickstart.sh experiments/coba.yaml --duration 500
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-dependencies.sh
scripts/build.sh
experiment=${1:-experiments/izhikevich2003.yaml}
shift || true
build/snn run "$experiment" "$@"
build/snn info "$(basename "${experiment%.*}").h5"

#!/usr/bin/env bash
# Checks the two ways the README installs the Python package, each from a clean clone of HEAD into a
# virtual environment that sees Debian's numpy, pytest and matplotlib: `pip install .` from the
# source tree, and a wheel from `pip wheel .` installed beside a second clone; each then runs the
# package's tests against the installed package. A full build each (minutes); not part of CI.
#   scripts/check-python-install.sh [SCRATCH_DIR]     (SNN_CMAKE_ARGS passes on, e.g. -DSNN_ENABLE_CUDA=OFF;
#   PYTHON names the interpreter where `python3` is not Debian's, as under pyenv)
set -euo pipefail
python=${PYTHON:-python3}
top=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
scratch=${1:-/tmp/snn-python-install}
rm -rf "$scratch" && mkdir -p "$scratch"
git clone -q "$top" "$scratch/source" && git clone -q "$top" "$scratch/second"
snn_binary=$top/build/snn  # the pytest suite compares with `snn run`: the working tree's build
[[ -x $snn_binary ]] || { echo "build snn first (scripts/build.sh): the tests compare with it"; exit 1; }

# pip -v passes the build's output on, indented: CMake's progress lines are kept, the rest dropped.
progress() { grep --line-buffered -E '\[ *[0-9]+%\] (Building|Linking)|Successfully|ERROR|rror:' || true; }

echo "== pip install . (from $scratch/source)"
"$python" -m venv --system-site-packages "$scratch/venv-source"
(cd "$scratch/source" && "$scratch/venv-source/bin/pip" install -v --no-build-isolation . 2>&1 | progress;
 exit "${PIPESTATUS[0]}")
(cd "$scratch" && SNN_SOURCE_DIR="$scratch/source" SNN_BINARY="$snn_binary" \
  "$scratch/venv-source/bin/python" -m pytest -q -p no:cacheprovider "$scratch/source/python/tests")

echo "== pip wheel . (from $scratch/source), installed beside $scratch/second"
(cd "$scratch/source" && "$python" -m pip wheel -v --no-build-isolation --no-deps . -w "$scratch/dist" 2>&1 | progress;
 exit "${PIPESTATUS[0]}")
"$python" -m venv --system-site-packages "$scratch/venv-wheel"
"$scratch/venv-wheel/bin/pip" install --no-deps "$scratch"/dist/snn-*.whl
(cd "$scratch" && SNN_SOURCE_DIR="$scratch/second" SNN_BINARY="$snn_binary" \
  "$scratch/venv-wheel/bin/python" -m pytest -q -p no:cacheprovider "$scratch/second/python/tests")
echo "both installs pass the package's tests"

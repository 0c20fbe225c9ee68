#!/usr/bin/env bash
# Installs what is missing, builds with tests (warnings are errors) under build/ci
# and runs the whole suite, GUI tests included (offscreen), through ctest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh
hookbench_setup
cmake --preset ci >/dev/null
cmake --build --preset ci
export QT_QPA_PLATFORM=offscreen
ctest --preset ci "$@"

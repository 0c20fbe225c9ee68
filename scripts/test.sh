#!/usr/bin/env bash
# Installs what is missing, builds with tests (warnings are errors) under build/ci
# and runs the whole suite, GUI tests included (offscreen), through ctest, after checking
# that every source file is formatted as .clang-format says.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh
hookbench_setup
# The code's layout is .clang-format's: a file it would change fails the run (fix: the `format` target).
scripts/check-format.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
export QT_QPA_PLATFORM=offscreen
ctest --preset ci "$@"

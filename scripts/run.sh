#!/usr/bin/env bash
# Quick start: installs what is missing, builds a Release under build/release and
# starts Hookbench. Arguments pass through: scripts/run.sh listen --port 0
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh
hookbench_setup
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/bin/hookbench "$@"

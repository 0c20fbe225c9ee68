#!/usr/bin/env bash
# Fails, naming the files, when clang-format (.clang-format at the root) would change a C++
# source under src/, tests/ or bench/. `cmake --build --preset dev --target format` fixes them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
formatter=$(command -v clang-format || command -v clang-format-14 || true)
if [[ -z "$formatter" ]]; then
    echo "check-format: clang-format is not installed (scripts/setup.sh installs it)" >&2
    exit 1
fi
mapfile -t files < <(git ls-files -co --exclude-standard -- 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' \
    'bench/*.cpp' 'bench/*.h')
# One clang-format run over every file; its warnings start with "path:line:col: error".
mapfile -t unformatted < <("$formatter" --dry-run --Werror "${files[@]}" 2>&1 >/dev/null \
    | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error.*/\1/p' | sort -u)
if ((${#unformatted[@]})); then
    echo "check-format: ${#unformatted[@]} file(s) differ from .clang-format:" >&2
    printf '  %s\n' "${unformatted[@]}" >&2
    echo "run: cmake --build --preset dev --target format   (or clang-format -i on the files above)" >&2
    exit 1
fi
echo "check-format: ${#files[@]} files formatted as .clang-format says"

#!/usr/bin/env bash
# Installs what Hookbench needs to build, run and test, and nothing that is
# already there. Sourced by run.sh and test.sh; safe to run again.
#   scripts/setup.sh            build + runtime + test packages
#   HOOKBENCH_SETUP=bench ...   also the benchmark peers (wrk, nginx) and strace
#   HOOKBENCH_SETUP=fuzz ...    also clang and libFuzzer for tests/fuzz (HOOKBENCH_FUZZ=ON)
set -euo pipefail

# Why each package is here is in README.md ("Dependencies").
HOOKBENCH_BUILD_PACKAGES=(cmake ninja-build g++ pkg-config qt6-base-dev qt6-base-dev-tools
    libqt6sql6-sqlite libsqlite3-dev libgl-dev node-llhttp qtkeychain-qt6-dev libsecret-1-0 help2man libssl-dev
    libqt6sql6-psql libpq-dev)
HOOKBENCH_TEST_PACKAGES=(clang-format curl python3 python3-flask python3-requests python3-jsonschema dbus-daemon gnome-keyring
    desktop-file-utils appstream dpkg-dev postgresql postgresql-common)
HOOKBENCH_BENCH_PACKAGES=(wrk nginx-light python3-psutil strace xvfb python3-xlib)
HOOKBENCH_FUZZ_PACKAGES=(clang-14 libclang-rt-14-dev)

hookbench_packages() {
    local packages=("${HOOKBENCH_BUILD_PACKAGES[@]}" "${HOOKBENCH_TEST_PACKAGES[@]}")
    if [[ "${HOOKBENCH_SETUP:-}" == bench ]]; then
        packages+=("${HOOKBENCH_BENCH_PACKAGES[@]}")
    fi
    if [[ "${HOOKBENCH_SETUP:-}" == fuzz ]]; then
        packages+=("${HOOKBENCH_FUZZ_PACKAGES[@]}")
    fi
    printf '%s\n' "${packages[@]}"
}

hookbench_setup() {
    local packages missing=()
    mapfile -t packages < <(hookbench_packages)
    if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
        echo "Hookbench's scripts install packages on Debian and Ubuntu only." >&2
        echo "On this system, install the equivalents of these Debian packages, then build with CMake:" >&2
        printf '  %s\n' "${packages[@]}" >&2
        return 1
    fi
    local package
    for package in "${packages[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$package")
        fi
    done
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        sudo=(sudo)
    fi
    echo "Installing missing packages: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    hookbench_setup
fi

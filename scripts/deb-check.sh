#!/usr/bin/env bash
# Builds the Debian package and proves it on a clean Debian 12: a minimal bookworm made by
# debootstrap (no Qt, no build tools), where apt installs the .deb and only what its
# control file declares, then the installed binary runs: --version, the man page, a
# listener answering a request sent by the package's own `send`, the store it wrote, and
# the window (offscreen) starting and quitting cleanly.
#
# Needs root (debootstrap, chroot) and Debian's package registry. Not part of the test
# suite (it downloads ~150 MB and takes minutes); run it before a release.
#   scripts/deb-check.sh             build, then check
#   DEB=path/to/hookbench.deb scripts/deb-check.sh   check a given package
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mirror=${DEB_MIRROR:-http://deb.debian.org/debian}
work=${DEB_CHECK_DIR:-$PWD/build/deb-check}
base=$work/bookworm-base # debootstrap's result, kept so that later runs start from a copy
root=$work/root

if [[ $(id -u) -ne 0 ]]; then
    echo "deb-check: needs root (debootstrap and chroot)" >&2
    exit 2
fi
command -v debootstrap >/dev/null || apt-get install -y debootstrap

if [[ -z ${DEB:-} ]]; then
    cmake --preset release >/dev/null
    cmake --build --preset release
    (cd build/release && cpack -G DEB >/dev/null)
    DEB=$(ls -t build/release/hookbench_*.deb | head -n 1)
fi
echo "deb-check: package $DEB"
dpkg-deb --field "$DEB" Package Version Depends

mkdir -p "$work"
if [[ ! -f $base/.complete ]]; then
    rm -rf "$base"
    debootstrap --variant=minbase bookworm "$base" "$mirror" >"$work/debootstrap.log"
    touch "$base/.complete"
fi
umount_all() { for m in proc dev; do umount "$root/$m" 2>/dev/null || true; done; }
trap umount_all EXIT
umount_all
rm -rf "$root"
cp -a "$base" "$root"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
cp "$DEB" "$root/tmp/hookbench.deb"
in_root() { chroot "$root" env -i DEBIAN_FRONTEND=noninteractive HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

echo "deb-check: installing into a clean bookworm"
in_root apt-get update -qq
if in_root dpkg -s libqt6core6 >/dev/null 2>&1; then
    echo "deb-check: the base system is not clean (Qt is already there)" >&2
    exit 1
fi
# --no-install-recommends: what the control file declares must be enough on its own.
in_root apt-get install -y -qq --no-install-recommends /tmp/hookbench.deb >"$work/install.log"

fail() { echo "deb-check: FAIL: $*" >&2; exit 1; }
in_root hookbench --version | grep -q '^hookbench [0-9]' || fail "--version"
in_root test -f /usr/share/man/man1/hookbench.1.gz || fail "no man page"
in_root test -f /usr/share/applications/io.hookbench.Hookbench.desktop || fail "no .desktop entry"

# A listener and a request, both through the installed binary, on a free port.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
in_root sh -c "cd /tmp && hookbench listen --port $port --count 1 --store /tmp/captures.sqlite > /tmp/captured.jsonl" &
listener=$!
for _ in $(seq 50); do
    (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
    sleep 0.1
done
in_root hookbench send --no-history "http://127.0.0.1:$port/deb-check" -d '{"installed":true}' >/dev/null \
    || fail "send"
wait "$listener" || fail "listen"
grep -Eq '"path": ?"/deb-check"' "$root/tmp/captured.jsonl" || fail "the capture: $(cat "$root/tmp/captured.jsonl")"
in_root test -s /tmp/captures.sqlite || fail "no capture store (is the Qt SQLite driver installed?)"

# The window: offscreen, so the check needs no display; the QPA and SQL plugins must load.
set +e
in_root env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp timeout 5 hookbench >"$work/gui.log" 2>&1
status=$?
set -e
[[ $status -eq 124 ]] || fail "the window exited with $status: $(cat "$work/gui.log")"
if grep -Ei 'could not (load|find)|driver not loaded|cannot open' "$work/gui.log"; then
    fail "the window reported missing parts"
fi
echo "deb-check: OK — installed with $(grep -c '^Setting up' "$work/install.log") packages on a clean bookworm;" \
    "--version, man page, listen + send, capture store and window all work"

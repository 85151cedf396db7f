#!/bin/sh
# deps.sh - installs the Debian packages satpipe needs to build, test and
# run its demo, if any is missing. Says what it does; uses sudo when not
# root. Called by 'make deps' (and so by 'make demo' and 'make check').
set -eu

packages="gcc clang make pkg-config libcsv-dev libgsl-dev libxlsxwriter-dev
libyaml-dev libsqlite3-dev libssl-dev libcmocka-dev python3 python3-yaml python3-openpyxl python3-numpy
python3-scipy python3-statsmodels valgrind libclang-rt-dev"

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    echo "deps: all build and test dependencies are installed."
    exit 0
fi

echo "deps: installing missing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "deps: not root and no sudo; install them yourself:" >&2
    echo "  apt-get install$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
echo "deps: done."

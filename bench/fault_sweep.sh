#!/usr/bin/env bash
# The long fault sweep (./dev sweep): every file-system call of a rebuild of
# about 400 files, once killed there and once failed there (SWEEP_ACTIONS), each checked for
# a whole old or whole new output and a recovering next build. ./dev test
# runs the same script over a few points (tests/fault/meson.build).
# Usage: bench/fault_sweep.sh [POINTS|all] [SERVICES]   (default: all, 30)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -f build/build.ninja ]; then
  meson setup build -Dbuildtype=release >/dev/null
fi
ninja -C build logpipe tests/fault/liblpfault.so >/dev/null
SWEEP_POINTS=${1:-all} SWEEP_SERVICES=${2:-30} SWEEP_ACTIONS=${SWEEP_ACTIONS:-kill eio} bash tests/fault/sweep.sh build/logpipe . build/tests/fault/liblpfault.so

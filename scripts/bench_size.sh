#!/usr/bin/env bash
# The size of a kith binary: as built, as scripts/install.sh installs it (debug information
# stripped, symbols kept for crash reports), with everything stripped, and how much of it is
# ICU's data (which Foundation links; docs/performance.md says why it stays).
#   bash scripts/bench_size.sh BINARY
set -euo pipefail
binary="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
strip --strip-debug -o "$work/installed" "$binary"
strip --strip-all -o "$work/bare" "$binary"
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
size() { stat -c %s "$1"; }
icu=$(nm -S "$binary" 2>/dev/null | awk '$4 ~ /^icudt[0-9]+_dat$/ { print $2 }' | head -n 1)
icu=$((16#${icu:-0}))
echo "Binary size of $(basename "$binary") (static Swift runtime and Foundation)"
echo "  as built $(mb "$(size "$binary")"); installed (debug information stripped, symbols kept) $(mb "$(size "$work/installed")"); everything stripped $(mb "$(size "$work/bare")"); of which ICU's data $(mb "${icu:-0}")"

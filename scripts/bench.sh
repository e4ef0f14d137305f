#!/usr/bin/env bash
# Kith's benchmarks, in release mode, each against a floor measured in the same run, then
# against a peer: jrnl, installed here from PyPI.
#   bash scripts/bench.sh [--entries N] [--calls N] [--stores N]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --bench
# Static Swift runtime and Foundation: a command starts in about half the time (docs/performance.md).
swift build -c release --static-swift-stdlib --product kith 2>&1 | tail -n 1
swift build -c release --static-swift-stdlib --product kith-bench 2>&1 | tail -n 1
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"
"$bin/kith-bench" "$@"
bash scripts/bench_size.sh "$bin/kith"
# The peer's version is pinned: the figures in docs/performance.md are against jrnl 4.6.
[ "$(jrnl --version 2>/dev/null | awk '{print $2}')" = "4.6" ] || python3 -m pip install --quiet --disable-pip-version-check 'jrnl==4.6'
python3 scripts/bench_jrnl.py "$bin/kith" 10000
# The web app's first render, in headless Chromium (needs scripts/setup.sh --test).
python3 -c "import selenium" 2>/dev/null && python3 scripts/bench_web.py "$bin/kith" ||
  echo "Web app first render: skipped (selenium not installed: bash scripts/setup.sh --test)"

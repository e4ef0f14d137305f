#!/usr/bin/env bash
# Kith's main job on an embedded demo store: set up, build, fill a fresh demo store,
# then show the network, the latest journal entries and a Lua summary of the month.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Static Swift runtime and Foundation: a command starts in about half the time (docs/performance.md).
swift build -c release --static-swift-stdlib --product kith 2>&1 | tail -n 1
kith="$(swift build -c release --static-swift-stdlib --show-bin-path)/kith"
folder="$(mktemp -d)"
export KITH_STORE="$folder/demo.sqlite"
"$kith" demo
echo
echo "== Your network (kith people list)"
"$kith" people list
echo
echo "== Latest journal entries (kith journal list --limit 3)"
"$kith" journal list --limit 3
echo
echo "== Coming up (kith schedule upcoming) and due now (kith remind)"
"$kith" schedule upcoming --days 14
"$kith" remind
echo
echo "== This month from a Lua script (kith run scripts/examples/monthly-summary.lua)"
"$kith" run scripts/examples/monthly-summary.lua
echo
echo "The demo store is $KITH_STORE; try: KITH_STORE=$KITH_STORE $kith people show Dee"

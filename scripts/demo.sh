#!/usr/bin/env bash
# Installs Kith (scripts/install.sh: the binary, its plugins, completions and man pages, in
# ~/.local or --prefix DIR), then shows its main job on a fresh demo store: the network, the
# latest journal entries, what is coming up and due, and a Lua summary of the month.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="$HOME/.local"
[ "${1:-}" = "--prefix" ] && prefix="${2:?--prefix needs a folder}"
bash scripts/install.sh --prefix "$prefix"
kith="$prefix/bin/kith"
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

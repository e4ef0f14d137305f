#!/usr/bin/env bash
# Runs every test: installs what is missing (scripts/setup.sh --test), builds with the
# dependency-import check, runs the Swift test suites (library, Lua bridge and sandbox,
# plugins, and the CLI run as a binary), then every bundled plugin's specs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
swift build --explicit-target-dependency-import-check error
swift test
for plugin in plugins/*/; do
  echo "== kith plugins test $plugin"
  .build/debug/kith plugins test "$plugin"
done

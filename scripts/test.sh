#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, then the Swift test suites
# (library, Lua bridge and sandbox, and the CLI run as a binary).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --explicit-target-dependency-import-check error
swift test

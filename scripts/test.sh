#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, runs the Swift test suites (library,
# Lua bridge and sandbox, plugins, and the CLI run as a binary), then every bundled
# plugin's specs through `kith plugins test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# An independent iCalendar parser for the calendar-export tests (scripts/ics_check.py).
python3 -c "import icalendar" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check icalendar
swift build --explicit-target-dependency-import-check error
swift test
for plugin in plugins/*/; do
  echo "== kith plugins test $plugin"
  .build/debug/kith plugins test "$plugin"
done

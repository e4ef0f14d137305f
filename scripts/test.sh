#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, runs the Swift test suites (library,
# Lua bridge and sandbox, plugins, and the CLI run as a binary), then every bundled
# plugin's specs through `kith plugins test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Independent checkers: an iCalendar parser (scripts/ics_check.py), an image library
# (scripts/screenshot_check.py) and headless Chromium for the HTML report screenshots.
python3 -c "import icalendar, PIL" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check icalendar pillow
if ! command -v chromium >/dev/null; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
swift build --explicit-target-dependency-import-check error
swift test
for plugin in plugins/*/; do
  echo "== kith plugins test $plugin"
  .build/debug/kith plugins test "$plugin"
done

#!/usr/bin/env bash
# Installs what Kith needs on a fresh Debian machine: Lua 5.4 headers and library, pkg-config
# (SwiftPM finds Lua through it) and SQLite. With --test, also what the tests use to check
# Kith's output independently: headless Chromium and its driver, luacheck (lua-check) for the
# plugins' Lua, GNU parallel (a test runs the sharding recipe of docs/import-and-batch.md), and
# the Python packages icalendar, pillow, fhir.resources, selenium and axe-selenium-python (the
# web app's browser tests). Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(liblua5.4-dev pkg-config sqlite3 libsqlite3-dev)
[ "${1:-}" = "--test" ] && packages+=(chromium chromium-driver python3-pip lua-check parallel)
[ "${1:-}" = "--bench" ] && packages+=(wrk curl)

need=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
# python3-pip may come from elsewhere (pyenv): only ask apt for it when pip is missing.
if python3 -m pip --version >/dev/null 2>&1; then
  filtered=()
  for pkg in "${need[@]}"; do [ "$pkg" = python3-pip ] || filtered+=("$pkg"); done
  need=("${filtered[@]+"${filtered[@]}"}")
fi

if [ ${#need[@]} -gt 0 ]; then
  echo "kith setup: installing ${need[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ "${1:-}" = "--test" ]; then
  python3 -c "import icalendar, PIL, fhir.resources, selenium, axe_selenium_python" 2>/dev/null ||
    python3 -m pip install --quiet --disable-pip-version-check icalendar pillow fhir.resources selenium axe-selenium-python 2>&1 | grep -v "Running pip as the 'root' user" || true
  python3 -c "import icalendar, PIL, fhir.resources, selenium, axe_selenium_python"
fi

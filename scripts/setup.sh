#!/usr/bin/env bash
# Installs what Kith needs to build on a fresh Debian machine: Lua 5.4 headers and
# library, pkg-config (SwiftPM finds Lua through it) and SQLite's shell (tests, benchmarks).
# Safe to run again: it installs only what is missing.
set -euo pipefail

need=()
for pkg in liblua5.4-dev pkg-config sqlite3 libsqlite3-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done

if [ ${#need[@]} -gt 0 ]; then
  echo "kith setup: installing ${need[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

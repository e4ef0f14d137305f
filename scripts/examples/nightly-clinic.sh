#!/usr/bin/env bash
# A clinic's nightly job: for every client store, render the weekly report as HTML and
# collect a one-line status per client into one CSV.
#   bash scripts/examples/nightly-clinic.sh CLIENTS_DIR OUT_DIR [JOBS]
# Put it in cron, for example: 30 2 * * * bash /opt/kith/scripts/examples/nightly-clinic.sh /srv/clients /srv/reports 2
set -euo pipefail
clients="${1:?usage: nightly-clinic.sh CLIENTS_DIR OUT_DIR [JOBS]}"
out="${2:?usage: nightly-clinic.sh CLIENTS_DIR OUT_DIR [JOBS]}"
jobs="${3:-2}"
kith="${KITH:-kith}"
here="$(cd "$(dirname "$0")" && pwd)"
day="$(date +%F)"
mkdir -p "$out/$day"
chmod 700 "$out" "$out/$day"

# Weekly reports, one HTML file per client.
"$kith" report weekly --stores "$clients/*.sqlite" --format html -o "$out/$day/{name}-weekly.html"

# One status line per client, in client order, under one header.
status="$out/$day/status.csv"
"$kith" run --store "$(ls "$clients"/*.sqlite | head -n 1)" "$here/client-status.lua" --header > "$status"
"$kith" batch --stores "$clients/*.sqlite" --jobs "$jobs" --stdout "$here/client-status.lua" >> "$status"
chmod 600 "$status"
echo "Wrote $out/$day: $(ls "$out/$day" | grep -c weekly) weekly reports and status.csv" >&2

#!/usr/bin/env bash
# run.sh: runs every hostile script and plugin in this folder against $KITH_BIN and checks, per case:
#   1. exit status below 124 (no signal, no "stuck" exit) and exactly one clear error line on stderr
#      when the case must be refused (documented trailers and plugin-conflict notices aside);
#   2. no file in the fake HOME changes except those the case may write (sha256 before and after);
#   3. the store passes PRAGMA integrity_check, and `kith export` is identical for cases that must not write;
#   4. peak RSS (/usr/bin/time %M) under 2 x the memory limit + 64 MiB (192 MiB for --memory 64);
#   plus: no output line contains "table: 0x", "Swift", "DecodingError", "Fatal error" or "stuck in C code",
#   no hostile code reports BYPASS/LEAK, and under a pty (script -qec, with NO_COLOR=1 so that
#   Kith's own styles stay out of it) no raw ESC reaches the terminal.
#
# Usage: KITH_BIN=/path/to/kith bash run.sh [NAME-FILTER]
#   KITH_BIN            the binary (default the repository's .build/release/kith, else .build/debug/kith);
#                       copied once so a rebuild mid-run changes nothing
#   KITH_BUNDLED        the bundled plugins folder (default the repository's plugins/)
#   HOSTILE_OUT         where to keep per-case homes and outputs (default: a new /tmp/kith-hostile.XXXXXX)
#   HOSTILE_VMEM_KIB    a virtual-memory cap per kith process, so that a runaway case cannot exhaust the
#                       machine (default 4 GiB; a case hitting it dies by signal and fails on exit status anyway)
set -u -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
if [ -z "${KITH_BIN:-}" ]; then
  KITH_BIN=$REPO/.build/release/kith
  [ -x "$KITH_BIN" ] || KITH_BIN=$REPO/.build/debug/kith
fi
BUNDLED=${KITH_BUNDLED:-$REPO/plugins}
FILTER=${1:-}
MEM_MIB=64
RSS_LIMIT_KIB=$(( (2 * MEM_MIB + 64) * 1024 ))
WALL=60
SCRIPT_TIMEOUT=2
VMEM_KIB=${HOSTILE_VMEM_KIB:-4194304}
NOW=2026-03-10T12:00:00Z
OUT=${HOSTILE_OUT:-$(mktemp -d /tmp/kith-hostile.XXXXXX)}
mkdir -p "$OUT/bin" "$OUT/cases"

for tool in sqlite3 script /usr/bin/time timeout sha256sum; do
  command -v "$tool" >/dev/null || { echo "run.sh: needs $tool" >&2; exit 2; }
done
[ -x "$KITH_BIN" ] || { echo "run.sh: no executable at KITH_BIN=$KITH_BIN" >&2; exit 2; }
cp "$KITH_BIN" "$OUT/bin/kith"
BIN=$OUT/bin/kith
echo "kith: $KITH_BIN ($(stat -c %y "$KITH_BIN" | cut -d. -f1), sha256 $(sha256sum < "$BIN" | cut -c1-16)), bundled plugins: $BUNDLED"
echo "outputs: $OUT"

# ---------------------------------------------------------------------------------------------
# The environment every kith process gets: a fake HOME ($H) with the store in $H/data, the user's
# plugin folder $H/plugins, a fixed clock, and the plugin time limit of 1 s.
kenv() {
  env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$H" USER=hostile XDG_DATA_HOME="$H/.local/share" \
    XDG_CONFIG_HOME="$H/.config" KITH_STORE="$H/data/kith.sqlite" KITH_PLUGIN_PATH="$H/plugins" \
    KITH_BUNDLED_PLUGINS="$BUNDLED" KITH_PLUGIN_TIMEOUT=1 KITH_NOW="$NOW" TZ=UTC LANG=C.UTF-8 TERM=xterm "$@"
}

# ---------------------------------------------------------------------------------------------
# The fake HOME, built once and copied for every case.
TEMPLATE=$OUT/template
build_template() {
  H=$TEMPLATE
  rm -rf "$H"
  mkdir -p "$H/data" "$H/backups" "$H/plugins/mine" "$H/work" "$H/scripts" "$H/hostile" "$H/.local/share/kith" "$H/.config"
  printf '# fake ~/.bashrc of the hostile test HOME\nexport PS1="$ "\nalias ll="ls -l"\n' > "$H/.bashrc"
  printf '# fake ~/.profile\n. "$HOME/.bashrc"\n' > "$H/.profile"
  cat > "$H/plugins/mine/plugin.toml" <<'EOF'
id = "mine"
name = "My own plugin"
version = "1.0.0"
kith_api = 1
description = "A plugin the user wrote; keeps a secret in its kith.store."
author = "the user"
permissions = []
EOF
  printf 'kith.support_types.define{ id = "mentor", name = "Mentor", dimensions = { "informational" } }\n' > "$H/plugins/mine/init.lua"
  cat > "$H/work/contacts.vcf" <<'EOF'
BEGIN:VCARD
VERSION:3.0
FN:Vera Card
TEL:+1 555 0101
END:VCARD
EOF
  ln -s ../.bashrc "$H/work/link-out"
  local log=$OUT/template.log
  { kenv "$BIN" init && kenv "$BIN" demo && kenv "$BIN" plugins set mine secret s3cret-token \
      && kenv "$BIN" backup "$H/backups/kith-backup.sqlite"; } > "$log" 2>&1 \
    || { echo "run.sh: could not build the fake HOME:" >&2; cat "$log" >&2; exit 2; }
  kenv "$BIN" export > "$OUT/baseline-export.json" 2>> "$log" || { echo "run.sh: kith export failed" >&2; exit 2; }
  BASE_MAX_RESULT=$(sqlite3 "$H/data/kith.sqlite" 'SELECT coalesce(max(id), 0) FROM assessment_result')
}

# ---------------------------------------------------------------------------------------------
# Per-case state and helpers.
snapshot() {  # every file, symlink and folder of the fake HOME but the store's own files
  (cd "$H" && find . \( -type f -o -type l -o -type d \) ! -path './data/kith.sqlite' ! -path './data/kith.sqlite-*' -print0 \
    | sort -z | while IFS= read -r -d '' f; do
        if [ -L "$f" ]; then printf '%s  link:%s\n' "$f" "$(readlink "$f")"
        elif [ -d "$f" ]; then printf '%s  dir\n' "$f"
        else printf '%s  %s\n' "$f" "$(sha256sum < "$f" | cut -c1-64)"; fi
      done)
}

new_case() {
  CASE=$1
  CDIR=$OUT/cases/$CASE
  rm -rf "$CDIR"; mkdir -p "$CDIR"
  H=$CDIR/home
  cp -a "$TEMPLATE" "$H"
  CD=$H/work; ALLOW=(); STOREW=0; REASONS=(); RCS=(); RSS_MAX=0; INV=0; SNAPPED=0
  PLUG=$H/hostile/$CASE
  if [ -d "$HERE/plugins/$CASE" ]; then mkdir -p "$PLUG"; cp -a "$HERE/plugins/$CASE/." "$PLUG/"; fi
  if [ -f "$HERE/scripts/$CASE.lua" ]; then cp "$HERE/scripts/$CASE.lua" "$H/scripts/$CASE.lua"; fi
  SCRIPT=$H/scripts/$CASE.lua
}

reason() { REASONS+=("$*"); }
allow() { ALLOW+=("$@"); }

# The documented lines that accompany an error and are not errors themselves.
error_lines() {  # FILE -> the stderr lines that count as error lines
  tr '\0' '@' < "$1" | grep -v -E "^(The script stopped there;|Nothing was written\.|Dry run:|  |kith: plugin '[^']*' is not used: |\[[^]]*\] (dry run|info|warning): )" | grep -v '^[[:space:]]*$' || true
}

# k EXPECT [tty] -- ARGS...: runs kith ARGS in $CD under the wall-clock limit and the RSS probe.
#   fail   must be refused: exit 1..123 and exactly one error line on stderr
#   refuse the command succeeds (exit 0) and reports exactly one refusal line (a plugin that did not load)
#   ok     exit 0 and no error line
#   any    exit below 124 and at most one error line
#   tty    runs under a pty (script -qec); stdout and stderr merged; no raw ESC may appear
k() {
  local expect=$1; shift
  local tty=0
  if [ "$1" = tty ]; then tty=1; shift; fi
  [ "$1" = -- ] && shift
  if [ "$SNAPPED" = 0 ]; then snapshot > "$CDIR/before.snap"; SNAPPED=1; fi
  INV=$((INV + 1))
  local n=$INV o=$CDIR/$INV.out e=$CDIR/$INV.err tf=$CDIR/$INV.time rc t0 el
  t0=$(date +%s.%N)
  printf 'kith' > "$CDIR/$n.cmd"; printf ' %q' "$@" >> "$CDIR/$n.cmd"; printf '   (in %s%s)\n' "${CD#$H/}" "$([ $tty = 1 ] && echo ', under a pty')" >> "$CDIR/$n.cmd"
  if [ $tty = 1 ]; then
    { printf 'cd %q || exit 99\nexec' "$CD"; printf ' %q' env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$H" USER=hostile \
        XDG_DATA_HOME="$H/.local/share" XDG_CONFIG_HOME="$H/.config" KITH_STORE="$H/data/kith.sqlite" \
        KITH_PLUGIN_PATH="$H/plugins" KITH_BUNDLED_PLUGINS="$BUNDLED" KITH_PLUGIN_TIMEOUT=1 KITH_NOW="$NOW" \
        TZ=UTC LANG=C.UTF-8 TERM=xterm NO_COLOR=1 "$BIN" "$@"; printf '\n'; } > "$CDIR/$n.sh"
    ( ulimit -v "$VMEM_KIB"; cd "$CD" && /usr/bin/time -f %M -o "$tf" timeout -k 5 "$WALL" script -qec "bash $CDIR/$n.sh" /dev/null > "$o" 2> "$e" < /dev/null )
    rc=$?
  else
    ( ulimit -v "$VMEM_KIB"; cd "$CD" && /usr/bin/time -f %M -o "$tf" timeout -k 5 "$WALL" env -i PATH=/usr/local/bin:/usr/bin:/bin \
        HOME="$H" USER=hostile XDG_DATA_HOME="$H/.local/share" XDG_CONFIG_HOME="$H/.config" KITH_STORE="$H/data/kith.sqlite" \
        KITH_PLUGIN_PATH="$H/plugins" KITH_BUNDLED_PLUGINS="$BUNDLED" KITH_PLUGIN_TIMEOUT=1 KITH_NOW="$NOW" TZ=UTC \
        LANG=C.UTF-8 TERM=xterm "$BIN" "$@" > "$o" 2> "$e" < /dev/null )
    rc=$?
  fi
  el=$(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $t0 }")
  echo "$rc" > "$CDIR/$n.rc"
  RCS+=("$rc")
  local rss; rss=$(grep -E '^[0-9]+$' "$tf" 2>/dev/null | tail -1); rss=${rss:-0}
  [ "$rss" -gt "$RSS_MAX" ] && RSS_MAX=$rss
  local what="kith $1 (#$n)"
  local bad
  bad=$(LC_ALL=C grep -a -h -E 'BYPASS|LEAK:' "$o" "$e" | head -1 | cut -c1-200 | cat -v)
  [ -n "$bad" ] && reason "$what: hostile code got through: $bad"
  bad=$(LC_ALL=C grep -a -h -o -E 'table: 0x|Swift|DecodingError|Fatal error|stuck in C code' "$o" "$e" | sort -u | paste -sd, -)
  [ -n "$bad" ] && reason "$what: output contains: $bad"
  if grep -q 'Command terminated by signal' "$tf" 2>/dev/null; then reason "$what: killed by $(grep -o 'signal [0-9]*' "$tf")"
  elif [ "$rc" -ge 124 ]; then
    if [ "$rc" = 124 ] && awk "BEGIN { exit !($el < $WALL - 1) }"; then
      reason "$what: exit 124 after $el s: Kith's watchdog ended the process ($( { LC_ALL=C grep -a -h -m1 -E 'did not stop|stuck in C code' "$o" "$e" || head -1 "$e"; } | head -1 | tr -d '\r' | cut -c1-90 | cat -v))"
    elif [ "$rc" = 124 ]; then reason "$what: exit 124: still running after ${WALL} s, killed by timeout"
    else reason "$what: exit $rc after $el s"; fi
  fi
  if [ $tty = 1 ]; then
    if LC_ALL=C grep -q $'\x1b' "$o" "$e"; then
      reason "$what: raw ESC (0x1b) reached the terminal: $(LC_ALL=C grep -a -o $'.\{0,20\}\x1b.\{0,12\}' "$o" "$e" | head -1 | cut -d: -f2- | cat -v)"
    fi
    [ "$expect" = fail ] && { [ "$rc" -ge 1 ] && [ "$rc" -lt 124 ] || reason "$what: expected a refusal (exit 1..123), got exit $rc"; }
    [ "$expect" = ok ] && { [ "$rc" = 0 ] || reason "$what: expected exit 0, got $rc"; }
  else
    local nerr; nerr=$(error_lines "$e" | wc -l)
    case $expect in
      fail)   { [ "$rc" -ge 1 ] && [ "$rc" -lt 124 ]; } || [ "$rc" -ge 124 ] || reason "$what: expected a refusal (exit 1..123), got exit $rc"
              [ "$rc" -ge 124 ] || [ "$nerr" = 1 ] || reason "$what: expected exactly one error line on stderr, got $nerr" ;;
      refuse) [ "$rc" = 0 ] || [ "$rc" -ge 124 ] || reason "$what: expected exit 0 with the plugin refused, got exit $rc"
              [ "$rc" -ge 124 ] || [ "$nerr" = 1 ] || reason "$what: expected exactly one refusal line on stderr, got $nerr" ;;
      ok)     [ "$rc" = 0 ] || [ "$rc" -ge 124 ] || reason "$what: expected exit 0, got $rc"
              [ "$rc" -ge 124 ] || [ "$nerr" = 0 ] || reason "$what: expected no error line on stderr, got $nerr" ;;
      any)    [ "$rc" -ge 124 ] || [ "$nerr" -le 1 ] || reason "$what: expected at most one error line on stderr, got $nerr" ;;
    esac
  fi
  return 0
}

# Runs the case's script: kith run --timeout 2 --memory 64 [OPTIONS] SCRIPT.
run_script() {  # EXPECT [kith run options...]
  local expect=$1; shift
  k "$expect" -- run --timeout "$SCRIPT_TIMEOUT" --memory "$MEM_MIB" "$@" "$SCRIPT"
}

finish_case() {
  local start=$1
  [ "$SNAPPED" = 1 ] || { snapshot > "$CDIR/before.snap"; SNAPPED=1; }
  snapshot > "$CDIR/after.snap"
  # 2. files: anything added, removed or changed, unless allowed
  local how path pat ok
  while IFS='|' read -r how path detail; do
    ok=0
    for pat in "${ALLOW[@]+"${ALLOW[@]}"}"; do [[ "$path" == $pat ]] && ok=1; done
    [ $ok = 1 ] || reason "file $how: ${path#./}${detail:+ ($detail)}"
  done < <(awk -F'  ' 'FNR == NR { b[$1] = $2; next } { a[$1] = $2 }
             END { for (p in b) if (!(p in a)) print "removed|" p; else if (a[p] != b[p]) print "changed|" p "|" substr(b[p], 1, 16) " -> " substr(a[p], 1, 16);
                   for (p in a) if (!(p in b)) print "added|" p }' "$CDIR/before.snap" "$CDIR/after.snap" | sort)
  # 3. the store
  local ic; ic=$(sqlite3 "$H/data/kith.sqlite" 'PRAGMA integrity_check' 2>&1 | head -3 | paste -sd' ' -)
  [ "$ic" = ok ] || reason "store integrity_check: $ic"
  if [ "$STOREW" = 0 ]; then
    if ! kenv "$BIN" export > "$CDIR/export-after.json" 2> "$CDIR/export-after.err"; then
      reason "kith export failed after the case: $(head -1 "$CDIR/export-after.err")"
    elif ! cmp -s "$OUT/baseline-export.json" "$CDIR/export-after.json"; then
      reason "store contents changed (kith export differs: $(diff "$OUT/baseline-export.json" "$CDIR/export-after.json" | grep -E '^[<>]' | head -2 | tr -s ' ' | paste -sd' ' - | cut -c1-160))"
    fi
  fi
  # 4. memory
  [ "$RSS_MAX" -lt "$RSS_LIMIT_KIB" ] || reason "peak RSS $((RSS_MAX / 1024)) MiB is over the limit of $((RSS_LIMIT_KIB / 1024)) MiB"
  local secs; secs=$(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $start }")
  local rcs; rcs=$(IFS=,; echo "${RCS[*]-}")
  if [ ${#REASONS[@]} = 0 ]; then
    printf 'PASS %-34s exit=%-11s rss=%4dMiB %6ss\n' "$CASE" "$rcs" $((RSS_MAX / 1024)) "$secs"
    PASSED=$((PASSED + 1))
  else
    printf 'FAIL %-34s exit=%-11s rss=%4dMiB %6ss  %s\n' "$CASE" "$rcs" $((RSS_MAX / 1024)) "$secs" "${REASONS[0]}"
    FAILED=$((FAILED + 1)); FAILED_CASES+=("$CASE")
    { echo "=== FAIL $CASE: $(head -1 "$HERE/scripts/$CASE.lua" 2>/dev/null || head -1 "$(find "$HERE/plugins/$CASE" -name init.lua | sort | head -1)")"
      printf '  - %s\n' "${REASONS[@]}"
      local i
      for ((i = 1; i <= INV; i++)); do
        echo "  \$ $(cat "$CDIR/$i.cmd")"
        echo "    exit $(cat "$CDIR/$i.rc"), peak RSS $(( $(grep -E '^[0-9]+$' "$CDIR/$i.time" | tail -1 || echo 0) / 1024 )) MiB"
        if [ -s "$CDIR/$i.out" ]; then echo "    stdout:"; head -c 4000 "$CDIR/$i.out" | head -15 | cut -c1-300 | cat -v | sed 's/^/      | /'; fi
        if [ -s "$CDIR/$i.err" ]; then echo "    stderr:"; head -c 4000 "$CDIR/$i.err" | head -15 | cut -c1-300 | cat -v | sed 's/^/      | /'; fi
      done
      echo; } >> "$OUT/failures.txt"
  fi
}

# ---------------------------------------------------------------------------------------------
# The cases. Each function sets up, runs, and may add its own checks; finish_case does the rest.

# memory
c_m01() { run_script fail; }
c_m02() { run_script fail; }
c_m03() { run_script fail; }
c_m04() { run_script fail; }
c_m05() { run_script fail; }
c_m06() { head -c 200000000 /dev/zero | tr '\0' '\n' > "$CD/newlines.txt"; run_script fail; }
c_m07() { run_script fail --dry-run; }
c_m08() { run_script any --dry-run; }
c_m09() { run_script fail; }
c_m10() { run_script fail; }
c_m11() { run_script fail; }
c_m12() { run_script fail; }
c_m13() { run_script any; }
c_m14() { head -c 200000000 /dev/zero | tr '\0' 'a' > "$CD/big.txt"; k fail -- import bigfile big.txt --dry-run --plugins "$PLUG"; }
# CPU in C
c_c01() { run_script fail; }
c_c02() { run_script fail; }
c_c03() { run_script fail; }
c_c04() { run_script fail; }
c_c05() { run_script fail; }
c_c06() { run_script ok; }
c_c07() { run_script any; }
c_c08() { run_script fail; }
c_c09() { run_script fail; }
c_c10() { run_script fail; }
c_c11() { run_script fail; }
c_c12() { run_script fail; }
c_c13() { run_script fail; }
c_c14() { run_script fail; }
c_c15() { run_script fail; }
c_c16() { k fail -- run --memory "$MEM_MIB" "$SCRIPT"; }   # deliberately no --timeout: the documented refusal
# crashes
c_x01() { run_script fail; }
c_x02() { run_script fail; }
c_x03() {
  allow './.local/share/kith/plugins-disabled'
  k refuse -- types --plugins "$PLUG"
  k ok -- plugins disable crashy --plugins "$PLUG"
  k ok -- types --plugins "$PLUG"
}
c_x04() {
  STOREW=1   # -0.0 is a valid 0 in some fields (a reminder 0 minutes before, a PHQ-9 answer): legitimate writes
  run_script ok
  k ok -- export
  k ok -- journal list --limit 5
  k ok -- schedule list
  k ok -- assess results
  k ok -- report weekly --format json
}
c_x05() {
  run_script fail
  k ok -- people list
  k ok -- journal list --limit 3
}
c_x06() {
  allow './.local/share/kith/plugins-disabled'
  k refuse -- types --plugins "$PLUG"
  k ok -- plugins disable stuck --plugins "$PLUG"
  k ok -- types --plugins "$PLUG"
}
toml_head() { printf 'id = "%s"\nname = "Hostile %s"\nversion = "1.0.0"\nkith_api = 1\nauthor = "red team"\npermissions = []\n' "$1" "$1"; }
c_x07() {
  { toml_head huge; printf 'description = "'; head -c 60000000 /dev/zero | tr '\0' 'a'; printf '"\n'; } > "$PLUG/huge/plugin.toml"
  k any -- types --plugins "$PLUG"
  k ok -- plugins disable huge --plugins "$PLUG"; allow './.local/share/kith/plugins-disabled'
}
c_x08() {
  { toml_head deep; printf 'description = "deep"\nx = '; head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; printf '\n'; } > "$PLUG/deep/plugin.toml"
  k refuse -- types --plugins "$PLUG"
  k ok -- plugins list --plugins "$PLUG"
}
# files: the fake HOME as working directory unless said otherwise
c_f01() { CD=$H; run_script fail; }
c_f02() { CD=$H; run_script fail --allow-path "$H"; }
c_f03() { CD=$H; run_script fail --allow-path "$H"; }
c_f04() { CD=$H; run_script fail --allow-path "$H"; }
c_f05() { CD=$H; run_script fail --allow-path "$H"; }
c_f06() { CD=$H; run_script fail --allow-path "$H/work"; }
c_f07() { CD=$H; allow './work/link-out'; run_script any --allow-path "$H/work"; }
c_f08() { CD=$H; run_script fail --allow-path "$H/work"; }
c_f09() {
  CD=$H; rm -f /tmp/kith-hostile-abs.txt
  run_script fail --allow-path "$H/work"
  [ -e /tmp/kith-hostile-abs.txt ] && { reason "a file outside the fake HOME was written: /tmp/kith-hostile-abs.txt"; rm -f /tmp/kith-hostile-abs.txt; }
}
c_f10() { CD=$H; run_script fail --allow-path "$H"; }
c_f11() {
  run_script ok --dry-run
  [ -e "$CD/dry-run-output.txt" ] && reason "--dry-run wrote work/dry-run-output.txt"
}
c_f12() { ln -s ../.bashrc "$H/scripts/evilmod.lua"; run_script fail; }
# forged output (pty)
c_o01() {
  STOREW=1
  run_script ok
  k any tty -- people list
  k any tty -- report network
  k any tty -- report network --format markdown
  k any tty -- journal list --limit 3
  k any tty -- schedule list
  k any tty -- remind
  k any tty -- plan
}
c_o02() { k fail tty -- run --timeout "$SCRIPT_TIMEOUT" --memory "$MEM_MIB" "$SCRIPT"; }
c_o03() {
  k any tty -- report --plugins "$PLUG"
  k any tty -- report evil-esc --plugins "$PLUG"
  k any tty -- report evil-esc --format markdown --plugins "$PLUG"
}
c_o04() {
  k any tty -- types --plugins "$PLUG"
  k any tty -- metrics --plugins "$PLUG"
}
c_o06() { k any tty -- run --timeout "$SCRIPT_TIMEOUT" --memory "$MEM_MIB" "$SCRIPT"; }
c_o07() { k any tty -- types --plugins "$PLUG"; }
c_o05() {
  k any tty -- plugins list --plugins "$PLUG"
  k any tty -- plugins info evil-toml --plugins "$PLUG"
}
# permission bypass
c_p01() { k refuse -- remind --plugins "$PLUG"; }
c_p02() { k refuse -- types --plugins "$PLUG"; }
c_p03() { k refuse -- types --plugins "$PLUG"; }
c_p04() { k refuse -- types --plugins "$PLUG"; }
c_p05() { k ok -- types --plugins "$PLUG"; }
c_p06() { k ok -- types --plugins "$PLUG"; }
c_p07() {
  k refuse -- report --plugins "$PLUG"
  grep -q 'evil-undeclared' "$CDIR/$INV.out" && reason "report 'evil-undeclared' (undeclared reads) is listed"
}
c_p08() { k fail -- report evil-beyond --plugins "$PLUG"; }
c_p09() {
  k ok -- report snoop --plugins "$PLUG"
  k ok -- remind --plugins "$PLUG"
}
c_p10() { k ok -- remind --plugins "$PLUG"; }
c_p11() {
  k refuse -- types --plugins "$PLUG"
  k ok -- plan --plugins "$PLUG"
  grep -q PWNED "$CDIR/$INV.out" && reason "the crisis line shown is the plugin's"
}
c_p12() {
  k refuse -- types --plugins "$PLUG"
  k ok -- plan --plugins "$PLUG"
}
c_p13() { k ok -- types --plugins "$PLUG"; }
# takeover
check_phq9_results() {  # every PHQ-9 result the case added must be the true score of nine 3s: 27, severe
  local wrong
  wrong=$(sqlite3 "$H/data/kith.sqlite" "SELECT 'id ' || id || ': total ' || total || ', band ' || coalesce(band, 'none') || ', scored_by ' || coalesce(scored_by, '?') || ' ' || coalesce(scorer_version, '?') FROM assessment_result WHERE assessment = 'phq9' AND id > $BASE_MAX_RESULT AND NOT (total = 27 AND band = 'severe')" | head -1)
  [ -n "$wrong" ] && reason "a wrong PHQ-9 score was stored for nine answers of 3: $wrong"
}
c_t01() { STOREW=1; k any -- assess phq9 --answers 3,3,3,3,3,3,3,3,3 --json --plugins "$PLUG"; check_phq9_results; }
c_t02() { STOREW=1; k any -- assess phq9 --answers 3,3,3,3,3,3,3,3,3 --json --plugins "$PLUG"; check_phq9_results; }
c_t03() {
  k any -- report safety-plan --plugins "$PLUG"
  grep -q PWNED "$CDIR/$INV.out" && reason "'kith report safety-plan' printed the plugin's forged plan"
}
c_t04() {
  k any -- types --plugins "$PLUG"
  grep -q PWNED "$CDIR/$INV.out" && reason "'kith types' shows a forged support type"
}
c_t05() {
  k any -- metrics --plugins "$PLUG"
  grep -q PWNED "$CDIR/$INV.out" && reason "'kith metrics' shows a forged metric"
}
c_t06() {
  k refuse -- import vcard contacts.vcf --dry-run --plugins "$PLUG"
  local n; n=$(sqlite3 "$H/data/kith.sqlite" "SELECT count(*) FROM plugin_data WHERE owner = 'evil-import'")
  [ "$n" = 0 ] || reason "the hostile importer stored $n keys (the user's file)"
}
# escapes from plugin code
c_e01() { k refuse -- types --plugins "$PLUG"; }
c_e02() { k refuse -- types --plugins "$PLUG"; }
c_e03() {
  STOREW=1
  k any -- journal add "handler survival check" --mood 3 --plugins "$PLUG"
  sqlite3 "$H/data/kith.sqlite" "SELECT 1 FROM journal_entry WHERE text = 'handler survival check'" | grep -q 1 \
    || reason "the user's journal entry was lost"
}
c_e04() { k fail -- report evil-tostring --plugins "$PLUG"; }
c_e05() {
  STOREW=1
  k refuse -- journal add "user entry survives" --mood 4 --plugins "$PLUG"
  local user spam
  user=$(sqlite3 "$H/data/kith.sqlite" "SELECT count(*) FROM journal_entry WHERE text = 'user entry survives'")
  spam=$(sqlite3 "$H/data/kith.sqlite" "SELECT count(*) FROM journal_entry WHERE text = 'spam'")
  [ "$user" = 1 ] || reason "the user's journal entry was lost"
  [ "$spam" = 0 ] || reason "$spam entries written by the stopped handler were kept (its writes are one transaction)"
}

# ---------------------------------------------------------------------------------------------
CASES=(m01-json-encode-100k-refs m02-store-set-100k-refs m03-journal-add-100k-refs m04-json-encode-escape-amplify
  m05-json-decode-amplify m06-files-lines-200mb m07-occurrences-years m08-occurrences-start-year1 m09-string-rep-bomb
  m10-table-growth m11-deep-recursion m12-coroutine-bomb m13-mood-connection-years m14-importer-big-file
  c01-pattern-dot-minus c02-pattern-a-minus c03-pattern-set-minus c04-pattern-balance c05-gsub-gmatch c06-string-rep-empty
  c07-sort-ult-3m c08-sort-virtual-length c09-sort-lt-cmetamethod c10-coroutine-close-tbc c11-pcall-swallow
  c12-xpcall-handler-loop c13-error-tostring-loop c14-table-move-huge c15-table-remove-len c16-pattern-no-timeout
  x01-json-encode-key-2-62 x02-date-add-maxint x03-plugin-crash-disable x04-nan-inf-negzero x05-utf8-nul-names
  x06-plugin-stuck-disable x07-toml-huge x08-toml-nesting
  f01-files-home-notes f02-files-bashrc f03-files-plugin-toml f04-files-store-wal f05-files-backup f06-files-symlink-out
  f07-files-symlink-write f08-files-dotdot f09-files-absolute f10-files-proc-environ f11-dry-run-write f12-require-escape
  o01-esc-names o02-esc-print-log o03-esc-plugin-report o04-esc-plugin-log o05-esc-plugin-toml
  o06-control-flood-print o07-control-flood-log
  p01-reports-run-builtin p02-events-all p03-plan-get p04-reminders-due p05-store-other-plugin p06-store-shadow-id
  p07-report-undeclared-reads p08-report-build-beyond-reads p09-reminder-leak p10-reminder-reentrant p11-kith-settings-id
  p12-kith-safety-plan-id p13-write-implies-read
  t01-assess-define-phq9 t02-assess-shadow-phq9 t03-report-builtin-id t04-type-takeover t05-metric-takeover t06-importer-takeover
  e01-plugin-xpcall-loop e02-plugin-coroutine-close e03-plugin-handler-stuck e04-plugin-report-tostring
  e05-handler-write-loop)

T0=$(date +%s)
build_template
PASSED=0; FAILED=0; FAILED_CASES=()
: > "$OUT/failures.txt"
for name in "${CASES[@]}"; do
  [ -n "$FILTER" ] && [[ "$name" != *$FILTER* ]] && continue
  new_case "$name"
  start=$(date +%s.%N)
  "c_${name%%-*}"
  finish_case "$start"
  # keep the disk small: the homes of passing cases are not needed (the 200 MB file above all)
  [ ${#REASONS[@]} = 0 ] && rm -rf "$CDIR/home"
  rm -f "$CDIR/home/work/newlines.txt" "$CDIR/home/work/big.txt" "$CDIR/home/hostile/x07-toml-huge/huge/plugin.toml"
done
echo "---"
echo "$((PASSED + FAILED)) cases: $PASSED passed, $FAILED failed ($(( $(date +%s) - T0 )) s)"
[ "$FAILED" = 0 ] || echo "failed: ${FAILED_CASES[*]}"
[ "$FAILED" = 0 ] || echo "details of every failure (commands, exit, stdout, stderr): $OUT/failures.txt"
[ "$FAILED" = 0 ]

#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer) of every importer and of `kith import` of a Kith export.
#   bash scripts/fuzz.sh [--seconds N] [--formats kith,daylio,jrnl,vcard]
# N seconds per format (default 120). Seeds are the real files in Tests/Fixtures; the corpus
# grows in .build-fuzz/corpus/FORMAT and is kept between runs. The property checked for every
# input: it imports, or it is refused with one KithError and nothing written (Sources/kith-fuzz).
# An input that breaks it is copied to Tests/Fixtures/fuzz/FORMAT/, which the tests replay;
# with --keep-corpus the corpus, minimised to the inputs that reach new code, goes there too.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=120
formats="kith,daylio,jrnl,vcard"
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --formats) formats="$2"; shift 2 ;;
    --keep-corpus) keep=1; shift ;;
    *) echo "usage: bash scripts/fuzz.sh [--seconds N] [--formats kith,daylio,jrnl,vcard] [--keep-corpus]" >&2; exit 2 ;;
  esac
done
bash scripts/setup.sh

scratch=.build-fuzz
mkdir -p "$scratch"
# The gold linker fails on libFuzzer's objects; the toolchain's lld links them.
lld="$(dirname "$(readlink -f "$(command -v swiftc)")")/ld.lld"
[ -x "$lld" ] || { echo "kith fuzz: $lld not found; the Swift toolchain ships it" >&2; exit 1; }
printf '{ "schemaVersion": "1.0", "linker": { "path": "%s" } }\n' "$lld" > "$scratch/toolset.json"
swift build -c release --product kith-fuzz --scratch-path "$scratch" --toolset "$scratch/toolset.json" \
  -Xswiftc -sanitize=fuzzer -Xswiftc -DKITH_FUZZ 2>&1 | tail -n 1
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/kith-fuzz"

found=0
IFS=',' read -ra list <<< "$formats"
for format in "${list[@]}"; do
  corpus="$scratch/corpus/$format"
  crashes="$scratch/crashes/$format"
  mkdir -p "$corpus" "$crashes"
  log="$scratch/$format.log"
  echo "$format: fuzzing for $seconds s (log: $log)..."
  # libFuzzer handles crashes itself; Swift's backtracer would take the signal first.
  SWIFT_BACKTRACE=enable=no KITH_FUZZ_FORMAT="$format" "$bin" "$corpus" "Tests/Fixtures/$format" \
    -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$crashes/" >"$log" 2>&1 || true
  runs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)"
  coverage="$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*' || echo 0)"
  inputs="$(find "$corpus" -type f | wc -l)"
  broken=$(find "$crashes" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  echo "$format: ${runs:-0} inputs tried in ${seconds} s, ${coverage:-0} code edges reached, corpus $inputs files, $broken broke the property"
  if [ "$broken" -gt 0 ]; then
    found=1
    mkdir -p "Tests/Fixtures/fuzz/$format"
    find "$crashes" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) -exec cp {} "Tests/Fixtures/fuzz/$format/" \;
    grep -m 3 -E "Fatal error|ERROR: libFuzzer" "$log" || true
    echo "  copied to Tests/Fixtures/fuzz/$format/ (the tests replay them); the log is $log"
  fi
  if [ "$keep" = 1 ]; then
    kept="Tests/Fixtures/fuzz/$format"
    mkdir -p "$kept"
    SWIFT_BACKTRACE=enable=no KITH_FUZZ_FORMAT="$format" "$bin" -merge=1 "$kept" "$corpus" >"$scratch/$format.merge.log" 2>&1
    echo "  $(find "$kept" -type f | wc -l) inputs kept in $kept"
  fi
done
exit $found

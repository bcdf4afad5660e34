#!/usr/bin/env bash
# Runs every fuzz target built by Fuzz/build.sh for FUZZ_SECONDS each, one after another,
# and prints exactly one line per target:
#
#     fuzz NAME: N runs, 0 crashes
#
# Each target starts from its committed seeds (Fuzz/corpus/NAME, read only) plus what
# earlier runs here found (.build-fuzz/corpus/NAME). libFuzzer stops at the first crash,
# hang (FUZZ_INPUT_TIMEOUT seconds on one input) or out-of-memory; then the line says
# "1 crashes" and names the saved input under Fuzz/crashes/, the log is kept next to it,
# and the script exits 1 after running the remaining targets.
#
# Usage: Fuzz/run.sh [Name...]     (default: every Fuzz/*.swift)
set -uo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
# Any one input of these parsers takes microseconds; one that takes this long is a hang.
FUZZ_INPUT_TIMEOUT=${FUZZ_INPUT_TIMEOUT:-10}
OUT=.build-fuzz
CRASHES=Fuzz/crashes

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
    for file in Fuzz/*.swift; do names+=("$(basename "$file" .swift)"); done
fi

# libFuzzer reports crashes itself; Swift's backtracer would only slow that down (and
# its memory reads trip AddressSanitizer).
export SWIFT_BACKTRACE=enable=no

status=0
for name in "${names[@]}"; do
    binary=$OUT/fuzz-$name
    corpus=$OUT/corpus/$name
    log=$OUT/fuzz-$name.log
    if [ ! -x "$binary" ] || [ ! -d "Fuzz/corpus/$name" ]; then
        echo "fuzz $name: not run: needs $binary (Fuzz/build.sh) and seeds in Fuzz/corpus/$name"
        status=1
        continue
    fi
    mkdir -p "$corpus" "$CRASHES"
    "$binary" -max_total_time="$FUZZ_SECONDS" -timeout="$FUZZ_INPUT_TIMEOUT" -print_final_stats=1 \
        -artifact_prefix="$CRASHES/$name-" "$corpus" "Fuzz/corpus/$name" >"$log" 2>&1
    result=$?
    # The final stats give the exact count; a run cut short by a crash has only the
    # progress lines ("#1234  NEW ...").
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ -z "$runs" ]; then runs=$(sed -n -E 's/^#([0-9]+).*/\1/p' "$log" | tail -1); fi
    if [ $result -eq 0 ]; then
        echo "fuzz $name: ${runs:-0} runs, 0 crashes"
    else
        status=1
        saved=$(sed -n -E 's/.*Test unit written to (.*)$/\1/p' "$log" | tail -1)
        cp "$log" "$CRASHES/$name.log"
        echo "fuzz $name: ${runs:-0} runs, 1 crashes (input: ${saved:-none saved}, log: $CRASHES/$name.log)"
    fi
done
exit $status

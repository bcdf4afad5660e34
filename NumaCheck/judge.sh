#!/usr/bin/env bash
# Judges one guest's console log: prints its checks as a table and exits 1,
# naming them, when a check FAILed, a required check never reported (a check
# that silently did not run is a failure too), or the block is incomplete.
# Usage: NumaCheck/judge.sh SHAPE LOG SECONDS [GROUPS [SKIPPED]]
#   GROUPS: as NUMA_CHECK_ONLY; SKIPPED: checks this shape leaves out on purpose (run.sh says why)
set -uo pipefail
shape=$1 log=$2 seconds=$3 groups=${4:-} skipped=${5:-}

# Every check guest/matrix.sh must report as PASS in every shape, by group;
# NOTE lines are reported for the record, not judged (where pages go unpinned).
group_checks() {
    case $1 in
        topology) echo "topology-sysfs topology-info topology-env-json" ;;
        placement) echo "bind-cores-8 bind-cores-16 bind-sockets-8 bind-sockets-16 bind-none-8 bind-none-16" ;;
        first-touch) echo "first-touch-sockets" ;;
        auto) echo "auto" ;;
        runs) echo "chain-left chain-optimal chain-tree chain-parallel message" ;;
        faults) echo "fault-kill fault-stop fault-interrupt" ;;
    esac
}
required="" notes=""
for group in $( [ -n "$groups" ] && echo "${groups//,/ }" || echo topology placement first-touch auto runs faults ); do
    required="$required $(group_checks "$group")"
    [ "$group" = first-touch ] && notes="first-touch-none"
done
for name in ${skipped//,/ }; do required=$(echo " $required " | sed "s/ $name / /"); done

# The firmware's screen-clearing escapes can share a line with the first record.
block=$(tr -d '\r' < "$log" | grep -o 'NUMACHECK .*')
problems=()
echo "numa-check: $shape ($seconds s)"
grep -q '^NUMACHECK BEGIN' <<< "$block" || problems+=("no NUMACHECK BEGIN: the guest did not start the matrix (see $log)")
grep -q '^NUMACHECK END' <<< "$block" || problems+=("no NUMACHECK END: the guest died or timed out mid-matrix (see $log)")
grep '^NUMACHECK BEGIN' <<< "$block" | sed 's/^NUMACHECK BEGIN /  /'
[ -z "$skipped" ] || echo "  skipped here on purpose (NumaCheck/run.sh): $skipped"
while read -r _ verdict name rest; do
    case $verdict in PASS|FAIL|NOTE) printf '  %-4s %-20s %s\n' "$verdict" "$name" "$rest" ;; esac
    [ "$verdict" = FAIL ] && problems+=("$name FAILED: ${rest#seconds=* }")
done <<< "$block"
for name in $required; do
    grep -q "^NUMACHECK \(PASS\|FAIL\) $name " <<< "$block" || problems+=("$name did not report")
done
for name in $notes; do
    grep -q "^NUMACHECK NOTE $name " <<< "$block" || problems+=("$name did not report")
done
if [ ${#problems[@]} -eq 0 ]; then
    echo "numa-check: $shape PASSED"
    exit 0
fi
for problem in "${problems[@]}"; do echo "numa-check: $shape: $problem" >&2; done
exit 1

#!/usr/bin/env bash
# make numa-check-negative: proves the placement checks can fail. Boots the
# two-socket guest with placement broken on purpose (GEMMBENCH_FAULT hooks,
# Sources/Platform/FaultInjection.swift) and succeeds only when numa-check fails
# and names the checks each break must trip:
#   bind-cpu0         every pinned worker on CPU 0 → bind-cores-8, bind-sockets-8 (and the 16s)
#   skip-first-touch  no first-touch pass → first-touch-sockets (A panels on the wrong node)
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
expect_failure() {   # BREAK GROUPS CHECK…
    local brk=$1 groups=$2 out
    shift 2
    out=$(NUMA_CHECK_SHAPES=two-sockets NUMA_CHECK_BREAK=$brk NUMA_CHECK_ONLY=$groups NumaCheck/run.sh 2>&1)
    local rc=$?
    echo "$out" | grep '^  \|numa-check: two-sockets'
    if [ $rc -eq 0 ]; then
        echo "numa-check-negative: NUMA_CHECK_BREAK=$brk passed: the checks cannot see it" >&2; status=1; return
    fi
    for check in "$@"; do
        if echo "$out" | grep -q "two-sockets: $check FAILED"; then
            echo "numa-check-negative: NUMA_CHECK_BREAK=$brk fails $check, as it must"
        else
            echo "numa-check-negative: NUMA_CHECK_BREAK=$brk did not fail $check" >&2; status=1
        fi
    done
}
expect_failure bind-cpu0 placement bind-cores-8 bind-cores-16 bind-sockets-8 bind-sockets-16
expect_failure skip-first-touch first-touch first-touch-sockets
[ $status -eq 0 ] && echo "numa-check-negative: PASSED (every break was caught)"
exit $status

# Topology as gemmbench reports it, --workers auto, chains and the message
# transport with many workers. Sourced by matrix.sh.

# A value of a flat JSON object: json_field FILE KEY.
json_field() { awk -v key="\"$2\":" '$1 == key { v = $2; sub(/,$/, "", v); gsub(/"/, "", v); print v }' "$1"; }

# The shape the host booted (NUMACHECK_EXPECT "S:C:L:N"), as sysfs counts it and
# as `info --json` reports it: sockets, physical cores, logical CPUs, NUMA nodes.
check_topology() {
    local sysfs reported
    sysfs=$(sysfs_topology)
    if ! gemmbench info --json > info.json 2> info.err; then fail topology-info "info --json failed: $(tr '\n' ' ' < info.err)"; return; fi
    reported="$(json_field info.json sockets):$(json_field info.json physical_cores):$(json_field info.json cores):$(json_field info.json numa_nodes)"
    if [ "$sysfs" != "$NUMACHECK_EXPECT" ]; then
        fail topology-sysfs "the guest's sysfs reads $sysfs, the shape booted was $NUMACHECK_EXPECT (sockets:cores:logical:nodes)"
    else
        pass topology-sysfs "sockets:cores:logical:nodes = $sysfs"
    fi
    if [ "$reported" = "$NUMACHECK_EXPECT" ]; then
        pass topology-info "info --json: $reported ($(json_field info.json topology | tr ' ' _)); blas_core $(json_field info.json blas_core)"
    else
        fail topology-info "info --json reports $reported, the shape is $NUMACHECK_EXPECT (sockets:physical_cores:cores:numa_nodes)"
    fi
}

# env.json of a one-configuration sweep carries the same four figures.
check_env_json() {
    cat > tiny.suite <<'SUITE'
# numa-check: one tiny configuration, only for env.json
rounds = 1
min_reps = 6
min_seconds = 0
max_extra_rounds = 0
[gemm]
sizes = 32
kernels = blas
workers = 0
threads = 1
SUITE
    if ! gemmbench-keep sweep --suite ./tiny.suite --out sweep > sweep.out 2> sweep.err; then
        fail topology-env-json "sweep failed: $(tail -n 2 sweep.err | tr '\n' ' ')"; return
    fi
    local env=sweep/latest/env.json reported
    reported="$(json_field $env sockets):$(json_field $env physical_cores):$(json_field $env cores):$(json_field $env numa_nodes)"
    if [ "$reported" = "$NUMACHECK_EXPECT" ]; then pass topology-env-json "env.json: $reported"
    else fail topology-env-json "env.json reports $reported, the shape is $NUMACHECK_EXPECT"; fi
}

# How many decompositions --workers auto should calibrate on C CPUs
# (Sources/Decomposition/Candidates.swift): one process with 1 and with C threads,
# P × C/P for each divisor P, and the most square grid for P ≥ 4 when it has 2+ columns.
auto_candidate_count() {
    awk -v c="$1" 'BEGIN {
        count = (c > 1) ? 2 : 1
        for (p = 1; p <= c; p++) if (c % p == 0) {
            count++
            if (p >= 4) { cols = 1; for (d = 1; d * d <= p; d++) if (p % d == 0) cols = d; if (cols > 1) count++ }
        }
        print count }'
}

# --workers auto: calibrates every candidate for this CPU count (verifying every
# product), saves its cache, reuses it unchanged on a second run; and a corrupted
# calibration product fails the run instead of being timed.
check_auto() {
    local want cache=/tmp/auto-cache first second
    want=$(auto_candidate_count "$(cpu_count)")
    export GEMMBENCH_CACHE_DIR=$cache GEMMBENCH_AUTO_SIZES=$AUTO_SIZES
    gemmbench-keep gemm --size "$AUTO_N" --workers auto --repeat 1 --warmup 0 > auto1.out 2> auto1.err; first=$?
    local cachefile
    cachefile=$(find $cache -type f 2>/dev/null | head -n 1)
    local sum1="" sum2=""
    [ -n "$cachefile" ] && sum1=$(md5sum < "$cachefile")
    gemmbench-keep gemm --size "$AUTO_N" --workers auto --repeat 1 --warmup 0 > auto2.out 2> auto2.err; second=$?
    [ -n "$cachefile" ] && sum2=$(md5sum < "$cachefile")
    local problems=""
    [ "$first" -eq 0 ] || problems="$problems; first run exit $first: $(tail -n 2 auto1.err | tr '\n' ' ')"
    [ "$second" -eq 0 ] || problems="$problems; second run exit $second: $(tail -n 2 auto2.err | tr '\n' ' ')"
    grep -q "calibrating $want decompositions" auto1.err || problems="$problems; first run did not calibrate $want decompositions: $(grep -m1 calibrat auto1.err)"
    [ -n "$cachefile" ] || problems="$problems; no cache file under $cache"
    grep -q calibrating auto2.err && problems="$problems; second run calibrated again"
    [ "$sum1" = "$sum2" ] || problems="$problems; second run changed the cache"
    # Every calibration product is verified: a corrupted one must fail the run (exit 1).
    GEMMBENCH_CACHE_DIR=/tmp/auto-cache-corrupt GEMMBENCH_FAULT=corrupt-result \
        gemmbench-keep gemm --size "$AUTO_N" --workers auto --repeat 1 --warmup 0 > auto3.out 2> auto3.err
    local corrupt=$?
    [ "$corrupt" -eq 1 ] && grep -q "calibration product.*FAILED" auto3.err ||
        problems="$problems; a corrupted calibration product gave exit $corrupt: $(tail -n 1 auto3.err)"
    unset GEMMBENCH_CACHE_DIR GEMMBENCH_AUTO_SIZES
    if [ -z "$problems" ]; then
        pass auto "$want candidates calibrated at n=$AUTO_SIZES, cache reused; $(grep -m1 'chose' auto2.err auto2.out | sed 's/.*chose/chose/')"
    else
        fail auto "${problems#; }"
    fi
}

# Chains with every planner, and gemm over the message transport, on $1 workers.
check_chains_and_message() {
    local workers=$1 planner rc
    for planner in left optimal tree parallel; do
        case ",$NUMACHECK_SKIP," in *",chain-$planner,"*) continue ;; esac
        gemmbench-keep chain --dims "$CHAIN_DIMS" --planner $planner --workers "$workers" --repeat 1 --warmup 0 \
            > chain-$planner.out 2> chain-$planner.err; rc=$?
        if [ $rc -eq 0 ]; then pass chain-$planner "$workers workers, dims $CHAIN_DIMS: exit 0 (verified)"
        else fail chain-$planner "exit $rc: $(tail -n 2 chain-$planner.err | tr '\n' ' ')"; fi
    done
    gemmbench-keep gemm --size "$PLACEMENT_N" --workers "$workers" --transport message --repeat 1 --warmup 0 \
        > message.out 2> message.err; rc=$?
    if [ $rc -eq 0 ]; then pass message "$workers workers, n=$PLACEMENT_N: exit 0 (verified)"
    else fail message "exit $rc: $(tail -n 2 message.err | tr '\n' ' ')"; fi
}

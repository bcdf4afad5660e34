# Worker and coordinator affinity under --bind, read back from /proc, against
# the rules README.md ("Placement") and Sources/ProcessPool/WorkerPlacement.swift
# state. Sourced by matrix.sh.

# What the docs promise worker $3 (0-based) of $2 workers gets under --bind $1
# with one BLAS thread each, from the CPUs the guest has online.
expected_worker_cpus() {
    local bind=$1 index=$3 cpus count sockets
    cpus=$(online_cpus)
    case $bind in
        none) echo "$cpus" ;;
        cores) count=$(echo "$cpus" | awk -F, '{ print NF }')
               echo "$cpus" | awk -F, -v i="$index" -v c="$count" '{ print $((i % c) + 1) }' ;;
        sockets) set -- $(sockets_list); sockets=$#
                 shift $((index % sockets)); socket_cpus "$1" ;;
    esac
}

# The coordinator: pinned to the CPUs no worker got when there are any, else unpinned.
expected_coordinator_cpus() {
    local bind=$1 workers=$2 taken="" i
    [ "$bind" = none ] && { online_cpus; return; }
    for i in $(seq 0 $((workers - 1))); do taken="$taken,$(expected_worker_cpus "$bind" "$workers" "$i")"; done
    local left
    left=$(online_cpus | tr , '\n' | awk -v taken="$taken," 'index("," taken, "," $1 ",") == 0' | tr '\n' , | sed 's/,$//')
    if [ -n "$left" ]; then echo "$left"; else online_cpus; fi
}

# check_placement NAME BIND WORKERS: a run long enough to read every worker's
# affinity (all threads, once all have started: it is set before each is
# spawned) and to follow the coordinator's main thread, sampled every 0.1 s from
# its start to its end. The docs give that thread a fixed course: unpinned at
# start; each worker's CPUs for a moment while it spawns that worker (the mask is
# set on the spawning thread just before posix_spawn); its pool-time affinity
# while the products run; unpinned again once the pool stops. The pool-time
# affinity is the longest run of equal samples after the first (the products
# take most of the run), and the check wants: before it only "all" and worker
# sets, after it only "all", and it equal to the CPUs no worker got, or "all"
# where the workers take every CPU.
#
# A check that fails runs once more (CHECK_PLACEMENT_FIRST holds the first run's
# problems) and fails only if the second run fails too: a placement bug repeats,
# while the guest kernel once showed the coordinator's main thread at a mask no
# code sets (0,6,7,8,9 on smt-uneven, one 0.1 s sample), which did not.
check_placement() {
    local name=$1 bind=$2 workers=$3 first=${4:-} coordinator kids rc i pid actual expected problems="" samples
    gemmbench-keep gemm --size "$PLACEMENT_N" --workers "$workers" --bind "$bind" \
        --repeat "$PLACEMENT_REPEAT" --warmup 0 > "$name.out" 2> "$name.err" &
    coordinator=$!
    samples="$name.coordinator"
    : > "$samples"
    while kill -0 "$coordinator" 2>/dev/null; do
        awk '/^Cpus_allowed_list:/ { print $2 }' "/proc/$coordinator/status" 2>/dev/null >> "$samples"
        sleep 0.1
    done &
    local sampler=$!
    kids=$(wait_children "$coordinator" "$workers" 120)
    i=0
    : > "$name.workers"
    # shellcheck disable=SC2086
    processes_allowed $kids > "$name.allowed"
    for pid in $kids; do
        actual=$(awk -v pid="$pid" '$1 == pid { print $2 }' "$name.allowed")
        expected=$(expected_worker_cpus "$bind" "$workers" "$i")
        [ "$actual" = "$expected" ] || problems="$problems; worker $i (pid $pid) allowed ${actual:-(gone)}, expected $expected"
        echo "$actual" >> "$name.workers"
        i=$((i + 1))
    done
    wait "$coordinator"; rc=$?
    wait "$sampler"
    [ "$(echo $kids | wc -w)" -eq "$workers" ] || problems="$problems; saw $(echo $kids | wc -w) of $workers workers"
    [ "$rc" -eq 0 ] || problems="$problems; exit $rc: $(tail -n 2 "$name.err" | tr '\n' ' ')"
    # cores: distinct CPUs while there are enough of them for every worker.
    if [ "$bind" = cores ] && [ "$workers" -le "$(cpu_count)" ] && [ -s "$name.workers" ] &&
       [ "$(tr , '\n' < "$name.workers" | sort | uniq -d | wc -l)" -ne 0 ]; then
        problems="$problems; workers share CPUs with $workers workers on $(cpu_count) CPUs"
    fi
    # Runs of equal samples, "CANONICAL_LIST COUNT" per line, in order (the raw
    # "0-11" inherited at start and gemmbench's "0-9" are one run: both unpinned).
    awk 'NF { if ($1 == last) n++; else { if (n) print last, n; last = $1; n = 1 } } END { if (n) print last, n }' \
        "$samples" | while read -r list count; do echo "$(as_affinity "$list") $count"; done |
        awk '$1 == last { n += $2; next } { if (n) print last, n; last = $1; n = $2 } END { if (n) print last, n }' > "$name.runs"
    local all pooled pool_line sequence
    all=$(online_cpus)
    sequence=$(awk '{ printf "%s%s(%d)", (NR > 1 ? " → " : ""), $1, $2 }' "$name.runs")
    pool_line=$(awk 'NR > 1 && $2 > best { best = $2; line = NR } END { print line ? line : 1 }' "$name.runs")
    pooled=$(awk -v l="$pool_line" 'NR == l { print $1 }' "$name.runs")
    expected=$(expected_coordinator_cpus "$bind" "$workers")
    local unexpected
    unexpected=$(awk -v l="$pool_line" -v all="$all" -v sets="|$(tr '\n' '|' < "$name.workers")" '
        NR < l && $1 != all && index(sets, "|" $1 "|") == 0 { print "before: " $1 }
        NR > l && $1 != all { print "after: " $1 }' "$name.runs" | tr '\n' ' ')
    [ "$pooled" = "$expected" ] && [ -z "$unexpected" ] ||
        problems="$problems; coordinator went $sequence: pool-time [$pooled]${unexpected:+, unexpected $unexpected}; expected [$expected]"
    if [ -z "$problems" ]; then
        pass "$name" "${first:+on a second run (the first: $first) }$workers workers: $(sort "$name.workers" | uniq -c | awk '{ printf "%s×[%s] ", $1, $2 }')coordinator [$pooled] (samples $sequence)"
    elif [ -z "$first" ]; then
        check_placement "$name" "$bind" "$workers" "${problems#; }"
    else
        fail "$name" "${problems#; } (and on a first run: $first)"
    fi
}

# Faults with many workers: a worker killed, a worker stopped, the coordinator
# interrupted — each must end with its documented exit status and leave no
# process and nothing in /dev/shm. Sourced by matrix.sh.

# Nothing may outlive a run: no gemmbench process, no /dev/shm entry.
leftovers() {
    local left shm
    sleep 0.5
    left=$(gemmbench_processes)
    shm=$(ls -A /dev/shm)
    [ -z "$left$shm" ] || echo "left behind: processes [$left] /dev/shm [$shm]"
}

# check_fault NAME WORKERS SIGNAL TARGET WANT_STATUS WANT_TEXT [gemm options]:
# TARGET is a worker index, or "coordinator".
check_fault() {
    local name=$1 workers=$2 signal=$3 target=$4 want=$5 text=$6 coordinator kids victim rc problems=""
    shift 6
    gemmbench-keep gemm --size "$FAULT_N" --workers "$workers" --repeat 10000 --warmup 0 "$@" > "$name.out" 2> "$name.err" &
    coordinator=$!
    kids=$(wait_children "$coordinator" "$workers" 120)
    sleep 2    # let the pool become ready and start dispatching
    if [ "$target" = coordinator ]; then victim=$coordinator
    else set -- $kids; shift "$target"; victim=$1; fi
    kill -"$signal" "$victim"
    wait "$coordinator"; rc=$?
    [ "$rc" -eq "$want" ] || problems="$problems; exit $rc, expected $want"
    text=$(echo "$text" | sed "s/PID/$victim/")
    [ -z "$text" ] || grep -q "$text" "$name.err" || problems="$problems; stderr lacks \"$text\": $(tail -n 2 "$name.err" | tr '\n' ' ')"
    local left
    left=$(leftovers)
    [ -z "$left" ] || problems="$problems; $left"
    local said
    said=$(grep -m1 -o "worker [0-9]* (pid [0-9]*)[^;]*" "$name.err" | head -n 1)
    if [ -z "$problems" ]; then pass "$name" "SIG$signal to $target (pid $victim): exit $rc; ${said:+$said; }nothing left"
    else fail "$name" "${problems#; }"; fi
}

check_faults() {
    local workers=$1
    check_fault fault-kill "$workers" KILL 3 3 "worker 3 (pid PID)"
    check_fault fault-stop "$workers" STOP 5 3 "worker 5 (pid PID) sent no reply" --task-timeout 2
    check_fault fault-interrupt "$workers" INT coordinator 130 ""
}

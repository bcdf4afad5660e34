#!/usr/bin/env bash
# make numa-check: boots the release gemmbench in emulated multi-socket NUMA
# guests (QEMU, TCG) and runs the functional matrix (guest/matrix.sh) in each.
# Fails, naming the check, on any FAIL, a missing check, or a guest that hangs.
#
# Environment:
#   NUMA_CHECK_SHAPES   which guests to boot (default "two-sockets smt-uneven")
#   NUMA_CHECK_BREAK    a GEMMBENCH_FAULT hook the guests run under, to prove the
#                       checks can fail: bind-cpu0 (every worker on CPU 0; "1"
#                       means this one) or skip-first-touch
#   NUMA_CHECK_ONLY     run only these check groups, comma-separated: topology,
#                       placement, first-touch, auto, runs, faults
#   NUMA_CHECK_LOGS     where the console logs go (default .build/numa-check)
#   NUMA_CHECK_TIMEOUT  seconds one guest may take before it counts as hung (330)
set -euo pipefail
cd "$(dirname "$0")/.."
here=NumaCheck
logs=${NUMA_CHECK_LOGS:-.build/numa-check}
shapes=${NUMA_CHECK_SHAPES:-two-sockets smt-uneven}
guest_timeout=${NUMA_CHECK_TIMEOUT:-330}
mkdir -p "$logs"
start=$(date +%s)

# The release gemmbench `make build` makes; the guest gets it with its libraries.
swift build -c release --product gemmbench >&2
"$here/pack-initramfs.sh" .build/release/gemmbench "$logs/initramfs.cpio"
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
[ -n "$kernel" ] || { echo "numa-check: no kernel in /boot (make numa-deps installs linux-image-amd64)" >&2; exit 1; }
echo "numa-check: packed in $(( $(date +%s) - start )) s; kernel $kernel" >&2

# Each guest is mostly one process at a time (a shell running gemmbench), so the
# guests boot side by side: together they keep both host cores busy.
boot() {   # SHAPE: boots it, console into $logs/SHAPE.log, wall seconds into $logs/SHAPE.seconds
    local shape=$1 expect topology append booted rc=0 cpu=max skip=""
    # shape → QEMU topology and the counts the guest must see, "sockets:physical cores:logical CPUs:NUMA nodes".
    case $shape in
        two-sockets)   # 2 sockets × 4 cores, one NUMA node per socket, equal memory.
            expect=2:8:8:2
            topology=(-smp 8,sockets=2,cores=4,threads=1
                      -object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=1G
                      -numa node,nodeid=0,cpus=0-3,memdev=m0 -numa node,nodeid=1,cpus=4-7,memdev=m1) ;;
        smt-uneven)    # 2 sockets × 3 cores × 2 threads, 10 of 12 CPUs present: socket 1 has
                       # 2 cores (4 logical CPUs) against socket 0's 3 (6); nodes of 512 MiB and 1.5 GiB.
                       # Intel's vendor string: Linux reads an AMD CPU's SMT siblings from
                       # CPUID 0x8000001E (topoext), which TCG lacks, and would count 10 cores.
            expect=2:5:10:2 cpu=max,vendor=GenuineIntel
            # The parallel planner times its cost model's 0.73 GFLOP in one thread first:
            # about a minute under TCG. The two-socket guest runs it; this one would only
            # repeat it and push the pair past the 6-minute budget.
            skip=chain-parallel
            topology=(-smp 10,maxcpus=12,sockets=2,cores=3,threads=2
                      -object memory-backend-ram,id=m0,size=512M -object memory-backend-ram,id=m1,size=1536M
                      -numa node,nodeid=0,cpus=0-5,memdev=m0 -numa node,nodeid=1,cpus=6-11,memdev=m1) ;;
        *) echo "numa-check: unknown shape $shape" >&2; return 2 ;;
    esac
    append="console=ttyS0 quiet panic=-1 numacheck.shape=$shape numacheck.expect=$expect"
    case ${NUMA_CHECK_BREAK:-} in
        "") ;;
        1) append="$append numacheck.fault=bind-cpu0" ;;
        *) append="$append numacheck.fault=$NUMA_CHECK_BREAK" ;;
    esac
    [ -z "${NUMA_CHECK_ONLY:-}" ] || append="$append numacheck.only=$NUMA_CHECK_ONLY"
    [ -z "$skip" ] || append="$append numacheck.skip=$skip"
    echo "$skip" > "$logs/$shape.skip"
    # NUMA_CHECK_MATRIX=FILE runs another script of guest/ instead (while working on one check).
    [ -z "${NUMA_CHECK_MATRIX:-}" ] || append="$append numacheck.matrix=$NUMA_CHECK_MATRIX"
    booted=$(date +%s)
    local attempt
    for attempt in 1 2; do
        rc=0
        echo "numa-check: booting $shape (${topology[*]})" >&2
        timeout --kill-after=10 "$guest_timeout" qemu-system-x86_64 -accel tcg,thread=multi -cpu "${cpu:-max}" -m 2G \
            "${topology[@]}" -nographic -no-reboot -kernel "$kernel" -initrd "$logs/initramfs.cpio" \
            -append "$append" < /dev/null > "$logs/$shape.log" 2>&1 || rc=$?
        [ $rc -eq 0 ] || echo "numa-check: QEMU for $shape exited $rc (124: timed out after $guest_timeout s)" >&2
        # A guest that never began its checks says nothing about gemmbench: under TCG,
        # QEMU once segfaulted 7 s into a boot, and a kernel once hung in its own
        # self-tests (soft lockup in cryptomgr_test) until the timeout. Boot once more;
        # anything that goes wrong after NUMACHECK BEGIN still counts.
        if [ $attempt -eq 1 ] && [ $rc -ne 0 ] && ! grep -q "NUMACHECK BEGIN" "$logs/$shape.log"; then
            echo "numa-check: $shape never began its checks; booting it once more" >&2
            continue
        fi
        break
    done
    echo $(( $(date +%s) - booted )) > "$logs/$shape.seconds"
}

for shape in $shapes; do rm -f "$logs/$shape.log" "$logs/$shape.seconds"; boot "$shape" & done
wait
status=0
for shape in $shapes; do
    "$here/judge.sh" "$shape" "$logs/$shape.log" "$(cat "$logs/$shape.seconds" 2>/dev/null || echo ?)" \
        "${NUMA_CHECK_ONLY:-}" "$(cat "$logs/$shape.skip" 2>/dev/null)" || status=1
done
echo "numa-check: $( [ $status -eq 0 ] && echo PASSED || echo FAILED ) in $(( $(date +%s) - start )) s (logs in $logs)" >&2
exit $status

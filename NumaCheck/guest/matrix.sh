# The functional matrix, run by /init in each emulated guest. It prints one
# machine-readable block on the console, which NumaCheck/run.sh parses:
#   NUMACHECK BEGIN shape=NAME fault=HOOK
#   NUMACHECK PASS|FAIL|NOTE NAME seconds=S detail…
#   NUMACHECK END
# Sizes are small (emulation runs at ~0.3 GFLOP/s): correctness, placement and
# fault handling are what count here, never speed.
. /numacheck/os.sh
. /numacheck/placement.sh
. /numacheck/first-touch.sh
. /numacheck/runs.sh
. /numacheck/faults.sh

# Every run but `info` goes through gemmbench-keep (--blas-core keep: see there).
PLACEMENT_N=128          # gemm size of the placement runs
PLACEMENT_REPEAT=30      # the pool-time phase must outlast the workers' start-up (placement.sh)
FAULT_N=192
AUTO_N=64
AUTO_SIZES=48            # GEMMBENCH_AUTO_SIZES: calibrate on one tiny size
CHAIN_DIMS=96,128,80,112,64,120,72,104,88

started=$(date +%s)
check_started=$started
# One record per check, with the seconds since the previous record.
record() { local now; now=$(date +%s); echo "NUMACHECK $1 $2 seconds=$((now - check_started)) $3"; check_started=$now; }
pass() { record PASS "$1" "$2"; }
fail() { record FAIL "$1" "$2"; }
note() { record NOTE "$1" "$2"; }

echo "NUMACHECK BEGIN shape=$NUMACHECK_SHAPE fault=${GEMMBENCH_FAULT:-none} cpus=$(cat /sys/devices/system/cpu/online) kernel=$(uname -r)"
# numacheck.only=GROUP,… (NUMA_CHECK_ONLY on the host) runs some groups only:
# the negative runs boot just the checks their broken placement must fail.
wanted() { [ -z "$NUMACHECK_ONLY" ] || case ",$NUMACHECK_ONLY," in *",$1,"*) true ;; *) false ;; esac; }

if wanted topology; then
    check_topology
    check_env_json
fi
if wanted placement; then
    for bind in cores sockets none; do
        check_placement bind-$bind-8 $bind 8
        check_placement bind-$bind-16 $bind 16
    done
fi
if wanted first-touch; then
    check_first_touch first-touch-sockets sockets 1024 8 strict
    check_first_touch first-touch-none none 512 8 report
fi
wanted auto && check_auto
wanted runs && check_chains_and_message 8
wanted faults && check_faults 8
echo "NUMACHECK END seconds=$(($(date +%s) - started))"

import Glibc
@testable import Harness
import NumberFormatting
import ResultRows
import Vocabulary
import TestSupport

/// A scratch directory per test: suites that need files are classes holding one,
/// and Swift Testing runs a suite instance's deinit after each test.
class ScratchSpace {
    let scratch = makeTemporaryDirectory(prefix: "harness-test")

    /// A fresh empty directory inside this test's scratch directory.
    func makeDirectory() -> String { makeTemporaryDirectory(prefix: "harness-test", under: scratch) }

    deinit { removeTemporaryDirectory(scratch) }
}

func writeFile(_ path: String, _ text: String, executable: Bool = false) throws {
    try writeFileAtomically(path, text)
    if executable { chmod(path, 0o755) }
}

func readFile(_ path: String) throws -> String { try readTextFile(path) }

/// A shell script that answers the gemmbench CLI contract with canned numbers:
/// `info --json`, and `gemm`/`chain ... --csv [--samples]` printing the header
/// and one row (with `--samples`, `reps` samples all equal to the median, so
/// every CI is exactly the median and every speedup CI its point value).
///
/// `median` is an awk expression over op (gemm|chain), n, k (kernel), w
/// (workers), t (threads), x (transport), p (planner), pr (preset).
/// When the argument list contains `failWhen` the row says FAIL and the exit
/// status is 1; when it contains `crashWhen` the stub kills itself with SIGSEGV;
/// when it contains `hangWhen` it sleeps for a minute (past the suite's timeout);
/// when it contains `spreadWhen` its samples alternate between the median and
/// twice it (a wide CI: a noisy row). With `log`, every measuring call appends
/// its arguments as one line to that file.
func makeStubBinary(in directory: String,
                    median: String = "(op == \"gemm\" ? n * n * n * 1e-11 : 0.1) / (w > 0 ? w : t) * (k == \"swift\" ? 2 : 1)",
                    cpuClass: String = "StubVendor-avx2",
                    failWhen: String? = nil, crashWhen: String? = nil, hangWhen: String? = nil,
                    spreadWhen: String? = nil, log: String? = nil,
                    name: String = "gemmbench-stub") throws -> String {
    let path = "\(directory)/\(name)"
    // A binary may omit every extension column but samples_s, which a sweep asks for.
    let header = ResultRow.columns.prefix(20).joined(separator: ",") + ",auto,samples_s"
    var script = """
    #!/bin/sh
    cmd="$1"; shift
    all=" $* "
    if [ "$cmd" = info ]; then
      printf '%s\\n' '{"cpu_model": "Stub CPU @ 3 GHz", "cpu_vendor": "StubVendor", "cpu_class": "\(cpuClass)", "cores": 2, "peak_gflops_per_core": 50.0, "memory_bytes": 1024, "openblas_config": "OpenBLAS stub", "blas_core": "Haswell", "openblas_threads": 1, "swift_version": "6.3", "build_configuration": "release", "nested": {"a": [1, 2]}}'
      exit 0
    fi
    [ "$1" = --blas-core ] && shift 2
    n=""; kernel=""; workers=0; threads=1; transport=""; preset=""; planner=""; reps=1
    while [ $# -gt 0 ]; do
      case "$1" in
        --size) n="$2"; shift 2;;
        --kernel) kernel="$2"; shift 2;;
        --workers) workers="$2"; shift 2;;
        --threads) threads="$2"; shift 2;;
        --transport) transport="$2"; shift 2;;
        --preset) preset="$2"; shift 2;;
        --planner) planner="$2"; shift 2;;
        --repeat) reps="$2"; shift 2;;
        --min-time) shift 2;;
        --csv|--samples) shift;;
        *) echo "gemmbench: unknown argument $1" >&2; exit 2;;
      esac
    done
    verdict=PASS; status=0; spread=1; auto=""
    # --workers auto: this stub always "chooses" 2 workers × 1 thread.
    if [ "$workers" = auto ]; then workers=2; threads=1; transport=shm; auto=yes; fi

    """
    if let failWhen {
        script += "case \"$all\" in *\"\(failWhen)\"*) verdict=FAIL; status=1;; esac\n"
    }
    if let spreadWhen {
        script += "case \"$all\" in *\"\(spreadWhen)\"*) spread=2;; esac\n"
    }
    if let log {
        script += "echo \"$cmd$all\" >> '\(log)'\n"
    }
    if let hangWhen {
        // exec: the sweep's SIGKILL on its timeout then ends the sleep itself, leaving nothing behind.
        script += "case \"$all\" in *\"\(hangWhen)\"*) exec sleep 60;; esac\n"
    }
    if let crashWhen {
        script += "case \"$all\" in *\"\(crashWhen)\"*) echo 'stub: segfault' >&2; kill -SEGV $$;; esac\n"
    }
    script += """
    median=$(awk -v op="$cmd" -v n="${n:-0}" -v k="$kernel" -v w="$workers" -v t="$threads" -v x="$transport" -v p="$planner" -v pr="$preset" 'BEGIN { printf "%.6g", \(median) }')
    samples=$(awk -v r="$reps" -v m="$median" -v s="$spread" 'BEGIN { for (i = 1; i <= r; i++) printf "%s%.6g", (i > 1 ? " " : ""), (i % 2 ? m : m * s) }')
    echo "\(header)"
    if [ "$cmd" = gemm ]; then
      gflops=$(awk -v n="$n" -v m="$median" 'BEGIN { printf "%.6g", 2 * n * n * n / m / 1e9 }')
      echo "gemm,$n,$n,$n,,$kernel,$workers,$threads,$transport,,,$reps,$median,$median,$median,$gflops,,0.5,$verdict,Haswell,$auto,$samples"
    else
      echo "chain,,,,8x8x8,,$workers,$threads,$transport,,$planner,$reps,$median,$median,$median,1.0,,0.5,$verdict,Haswell,,$samples"
    fi
    exit $status

    """
    try writeFile(path, script, executable: true)
    return path
}

/// `rows` with the speedups a sweep would fill: reference median ÷ median (4
/// decimals), its CI `halfWidth` × speedup either side (0: exact), efficiency.
/// FAILed rows, and rows whose reference FAILed, get none.
func withSpeedups(_ rows: [ResultRow], halfWidth: Double = 0) -> [ResultRow] {
    var referenceMedian: [BenchConfiguration: Double] = [:]
    for row in rows where row.verdict == .pass {
        if let configuration = BenchConfiguration(row: row), configuration.isReference {
            referenceMedian[configuration] = row.medianSeconds
        }
    }
    return rows.map { row in
        var row = row
        row.speedup = nil; row.speedupLow = nil; row.speedupHigh = nil; row.efficiency = nil
        if row.verdict == .pass, let configuration = BenchConfiguration(row: row),
           let reference = referenceMedian[configuration.reference] {
            let speedup = rounded(reference / row.medianSeconds, decimals: 4)
            row.speedup = speedup
            row.speedupLow = speedup * (1 - halfWidth)
            row.speedupHigh = speedup * (1 + halfWidth)
            row.efficiency = rounded(speedup / Double(max(row.workers, 1) * row.threads), decimals: 4)
        }
        return row
    }
}

/// The error `Suite.parse` throws for `text` (as file bad.suite), or nil when it parses.
func parseError(_ text: String) -> FileLineError? {
    do {
        _ = try Suite.parse(text: text, path: "bad.suite")
        return nil
    } catch {
        return error
    }
}

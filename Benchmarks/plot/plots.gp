# Charts from one sweep's results directory (the CSVs stay the primary output).
#
#   gnuplot -e "dir='results/latest'" Benchmarks/plot/plots.gp
#
# writes into DIR/plots/:
#   speedup-gemm.png  speedup vs parallelism P for each size: P worker processes
#                     × 1 BLAS thread (shared memory), solid; OpenBLAS with P
#                     threads in one process, dashed; both relative to one
#                     process with 1 thread (raw.csv `speedup`), error bars the
#                     95% CI (`speedup_lo`, `speedup_hi`)
#   gflops-gemm.png   GFLOP/s vs n for each kernel in one process with 1 thread,
#                     and for blas with 2 worker processes, error bars from the
#                     median's 95% CI; the measured FMA peak of 1 core and of
#                     all cores as horizontal lines (env.json peak_gflops_per_core)
#   chain-time.png    median seconds per planner for each chain preset
#                     (speedup-chain.csv: baseline_s ÷ speedup), log scale,
#                     error bars from the speedup's 95% CI
# Needs gnuplot ≥ 5.2 (pngcairo terminal) and a POSIX shell with mkdir, tail, cut, head.

if (!exists("dir")) dir = "results/latest"
out = dir . "/plots"
raw = dir . "/raw.csv"
gemmtable = dir . "/speedup-gemm.csv"
chaintable = dir . "/speedup-chain.csv"
if (system("test -f '" . raw . "' && echo found") ne "found") {
    print "plots.gp: " . raw . " does not exist (run a sweep first, or pass dir='RESULTS_DIR')"
    exit status 1
}
system("mkdir -p '" . out . "'")

set datafile separator comma
set terminal pngcairo size 960,640 noenhanced font "sans,11"
set grid
set key outside right top

# The square sizes in the gemm table, e.g. "256 512 1024 2048". Sizes below 16
# are dispatch-latency probes (a 1×1 product is all pipe round trip), not speedups.
sizes = system("tail -n +2 '" . gemmtable . "' 2>/dev/null | cut -d, -f1 | awk '$1 >= 16' | tr '\\n' ' '")
cores = system("grep -o '\"cores\": *[0-9]*' '" . dir . "/env.json' 2>/dev/null | grep -o '[0-9]*$'")
cores = (cores eq "") ? 2 : int(cores)
peak = system("grep -o '\"peak_gflops_per_core\": *[0-9.]*' '" . dir . "/env.json' 2>/dev/null | grep -o '[0-9.]*$'")

# raw.csv's square gemm rows as a whitespace table $G, one row each:
#   1 n   2 kernel (1 blas, 2 swift, 3 naive)   3 workers   4 threads
#   5 transport (0 none/shm, 1 message)   6 speedup   7 gflops
#   8 speedup_lo   9 speedup_hi   10, 11 GFLOP/s at the median CI's ends
# Rows without a speedup (FAIL), latency probes (n < 16), `--workers auto` rows
# (their P × T is the machine's choice, not the series') and gemmbench-mpi's
# rows (backend mpi: ranks, not worker processes) are left out. Each line below is then drawn from
# its own datablock holding only its points (`with table if`): gnuplot breaks a
# line at every CSV row with an empty cell and at every point a `using` filter
# turns into NaN, and raw.csv interleaves the series.
kernel_index(k) = (k eq "blas") ? 1 : (k eq "swift") ? 2 : (k eq "naive") ? 3 : 0
set table $G
plot raw using (column("n")):(kernel_index(strcol("kernel"))):(column("workers")):(column("threads")): \
               (strcol("transport") eq "message" ? 1 : 0):(column("speedup")):(column("gflops")): \
               (column("speedup_lo")):(column("speedup_hi")): \
               (column("gflops") * column("median_s") / column("ci_hi_s")): \
               (column("gflops") * column("median_s") / column("ci_lo_s")) \
     with table if (strcol("op") eq "gemm" && column("m") == column("n") && column("k") == column("n") \
                    && column("n") >= 16 && strcol("speedup") ne "" \
                    && strcol("auto") ne "yes" && strcol("backend") ne "mpi")
unset table
set datafile separator whitespace

# series(name, x, y, condition) fills datablock $name with the (x, y, ylow, yhigh)
# columns of $G's rows where condition holds (gnuplot expressions as strings);
# y is "$6" (speedup, CI in $8, $9) or "$7" (GFLOP/s, CI in $10, $11).
# The comment line first makes the datablock exist even when no row matches.
low(y) = (y eq "$6") ? "$8" : "$10"
high(y) = (y eq "$6") ? "$9" : "$11"
series(name, x, y, condition) = sprintf("set print $%s; print '# %s'; unset print; " . \
                                        "set table $%s append; plot $G using (%s):(%s):(%s):(%s) with table if (%s); unset table", \
                                        name, name, name, x, y, low(y), high(y), condition)

if (words(sizes) > 0) {
    # The series, made before any range or log scale is set (a table plot obeys them):
    # $Pi blas processes × 1 thread, shared memory, at size i: (workers, speedup);
    # $Ti OpenBLAS in one process at size i: (threads, speedup);
    # $K1..$K3 blas/swift/naive in one process with 1 thread: (n, GFLOP/s);
    # $K4 blas with 2 processes × 1 thread, shared memory: (n, GFLOP/s).
    do for [i=1:words(sizes)] {
        n = word(sizes, i)
        eval series(sprintf("P%d", i), "$3", "$6", sprintf("$1 == %s && $2 == 1 && $3 > 0 && $4 == 1 && $5 == 0", n))
        eval series(sprintf("T%d", i), "$4", "$6", sprintf("$1 == %s && $2 == 1 && $3 == 0", n))
    }
    do for [k=1:3] { eval series(sprintf("K%d", k), "$1", "$7", sprintf("$2 == %d && $3 == 0 && $4 == 1", k)) }
    eval series("K4", "$1", "$7", "$2 == 1 && $3 == 2 && $4 == 1 && $5 == 0")

    # ---- speedup vs parallelism -------------------------------------------
    set output out . "/speedup-gemm.png"
    set title "gemm speedup over one process with 1-thread OpenBLAS (" . dir . ")"
    set xlabel "P: worker processes × 1 thread, shared memory (solid); OpenBLAS threads (dashed)"
    set ylabel "speedup (median time ratio)"
    set logscale x 2
    set xrange [0.8:*]
    set yrange [0:*]
    set arrow 1 from cores, graph 0 to cores, graph 1 nohead dashtype 3 lc rgb "gray40"
    set label 1 sprintf("%d cores", cores) at cores, graph 0.97 right offset -0.5, 0 tc rgb "gray40"
    plot for [i=1:words(sizes)] sprintf("$P%d", i) using 1:2:3:4 \
            with yerrorlines lc i lw 2 pt 7 title sprintf("n=%s processes", word(sizes, i)), \
         for [i=1:words(sizes)] sprintf("$T%d", i) using 1:2:3:4 \
            with yerrorlines lc i lw 2 dt 2 pt 6 title sprintf("n=%s OpenBLAS threads", word(sizes, i)), \
         x <= cores ? x : cores with lines lc rgb "gray60" dt 3 title "ideal"
    unset arrow 1
    unset label 1
    unset logscale x
    set xrange [*:*]

    # ---- GFLOP/s vs size ---------------------------------------------------
    set output out . "/gflops-gemm.png"
    set title "gemm GFLOP/s by kernel (" . dir . ")"
    set xlabel "n (n×n times n×n)"
    set ylabel "GFLOP/s (2n³ / median seconds)"
    set logscale x 2
    set logscale y
    set yrange [*:*]
    peakvalue = (peak eq "") ? NaN : real(peak)
    plot for [k=1:3] sprintf("$K%d", k) using 1:2:3:4 \
            with yerrorlines lw 2 pt 7 title word("blas swift naive", k) . ", 1 process, 1 thread", \
         "$K4" using 1:2:3:4 with yerrorlines lw 2 dt 2 pt 6 title "blas, 2 processes × 1 thread", \
         peakvalue with lines lc rgb "gray30" dt 3 title "measured FMA peak, 1 core", \
         peakvalue * cores with lines lc rgb "gray60" dt 3 title sprintf("measured FMA peak, %d cores", cores)
    unset logscale x
    unset logscale y
}

set datafile separator comma
# ---- chain time per planner per preset ------------------------------------
chaincolumns = int(system("head -1 '" . chaintable . "' 2>/dev/null | awk -F, '{print NF}'") . "0") / 10
chainrows = int(system("tail -n +2 '" . chaintable . "' 2>/dev/null | wc -l"))
if (chaincolumns > 5 && chainrows > 0) {
    set output out . "/chain-time.png"
    set title "chain median seconds per planner (" . dir . ")"
    set xlabel "preset"
    set ylabel "seconds (log scale; lower is better)"
    set logscale y
    set yrange [*:*]
    set style data histograms
    set style histogram errorbars gap 1 lw 1
    set style fill solid 0.8 border -1
    set boxwidth 0.9
    set key autotitle columnheader
    # Columns: preset, dims, baseline_s and its CI (3–5), then per planner its
    # speedup and CI (i, i+1, i+2): time = baseline_s ÷ speedup, its ends baseline_s ÷ the CI's ends.
    plot chaintable using (column("baseline_s")):(column("baseline_ci_lo_s")):(column("baseline_ci_hi_s")):xtic(1) \
            title "optimal, 1 process, 1 thread", \
         for [i=6:chaincolumns:3] chaintable using (column("baseline_s") / column(i)): \
            (column("baseline_s") / column(i + 2)):(column("baseline_s") / column(i + 1)) title columnheader(i)
}

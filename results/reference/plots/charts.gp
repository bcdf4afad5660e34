# Charts of gemmbench run 20261128T050046Z, written by the sweep
# (or `gemmbench report`): the figures are inline, so the script needs only gnuplot.
if (!exists("dir")) dir = "."
set datafile missing "?"
set grid
set key outside right top
set style data yerrorlines
$s256p << EOD
1 1.0 1.0 1.0
1 0.9581 0.9571 0.9589
2 1.903 1.902 1.9043
4 1.3199 1.3122 1.3291
EOD
$s256t << EOD
1 1.0 1.0 1.0
2 1.8479 1.847 1.8489
4 1.6844 1.5879 1.7208
EOD
$s512p << EOD
1 1.0 1.0 1.0
1 1.0144 1.0093 1.019
2 2.001 1.9929 2.0106
4 1.8464 1.8362 1.8569
EOD
$s512t << EOD
1 1.0 1.0 1.0
2 1.9718 1.9504 1.9886
4 1.9161 1.8971 1.9301
EOD
$s1024p << EOD
1 1.0 1.0 1.0
1 0.9991 0.992 1.0194
2 1.9843 1.9763 2.0297
4 1.836 1.8233 1.88
EOD
$s1024t << EOD
1 1.0 1.0 1.0
2 1.9777 1.9724 2.0226
4 1.9634 1.9043 2.0031
EOD
$s2048p << EOD
1 1.0 1.0 1.0
1 0.9989 0.9875 1.0127
2 1.9522 1.8854 1.9926
4 1.8139 1.7882 1.8587
EOD
$s2048t << EOD
1 1.0 1.0 1.0
2 1.9574 1.9221 1.9997
4 1.9436 1.772 1.9764
EOD
$s4096p << EOD
1 1.0 1.0 1.0
2 1.9771 1.9506 1.9904
EOD
$s4096t << EOD
1 1.0 1.0 1.0
2 1.9852 1.9536 1.9995
EOD
set terminal pngcairo size 1000,600 noenhanced
set output dir . "/plots/speedup.png"
set title "Speedup over one process × 1 thread (95% CI bars)"
set xlabel "processes × BLAS threads"
set ylabel "speedup"
set xrange [0.5:4 + 0.5]
set xtics 1
set yrange [0:*]
plot x title "ideal (P × T)" with lines lw 2 lc rgb "gray", \
    $s256p using 1:2:3:4 title "n = 256, processes", \
    $s256t using 1:2:3:4 title "n = 256, OpenBLAS threads" dashtype 2, \
    $s512p using 1:2:3:4 title "n = 512, processes", \
    $s512t using 1:2:3:4 title "n = 512, OpenBLAS threads" dashtype 2, \
    $s1024p using 1:2:3:4 title "n = 1024, processes", \
    $s1024t using 1:2:3:4 title "n = 1024, OpenBLAS threads" dashtype 2, \
    $s2048p using 1:2:3:4 title "n = 2048, processes", \
    $s2048t using 1:2:3:4 title "n = 2048, OpenBLAS threads" dashtype 2, \
    $s4096p using 1:2:3:4 title "n = 4096, processes", \
    $s4096t using 1:2:3:4 title "n = 4096, OpenBLAS threads" dashtype 2
set terminal svg size 1000,600 noenhanced
set output dir . "/plots/speedup.svg"
replot
unset output
reset
set datafile missing "?"
set grid
set key outside right top

$gflops << EOD
0 54.79652707334868 "one process"
1 108.78269323317731 "OpenBLAS 2 thr"
2 108.33889540453434 "2 proc × 1 thr"
3 107.45946882474928 "auto"
EOD
set terminal pngcairo size 1000,600 noenhanced
set output dir . "/plots/gflops.png"
set title "GFLOP/s at n = 4096 (median time; linear axis)"
set xrange [-0.6:4 - 0.4]
set ylabel "GFLOP/s"
set yrange [0:136.0]
set style fill solid 0.6
set boxwidth 0.7
set xtics rotate by -35 left
unset key
set arrow from graph 0, first 118.22 to graph 1, first 118.22 nohead lw 2 lc rgb "red"
set label "peak, all 2 cores (118 GFLOP/s)" at graph 0.02, first 118.22 offset 0,0.7
set arrow from graph 0, first 59.11 to graph 1, first 59.11 nohead dashtype 2 lc rgb "red"
set label "peak, 1 core" at graph 0.02, first 59.11 offset 0,0.7
set y2label "% of all cores' peak"
set y2tics
set y2range [0:115.00]
plot $gflops using 1:2:xtic(3) with boxes title "GFLOP/s"
set terminal svg size 1000,600 noenhanced
set output dir . "/plots/gflops.svg"
replot
unset output
reset
set datafile missing "?"
set grid
set key outside right top

$s256p << EOD
1 1.0 1.0 1.0
1 0.9581 0.9571 0.9589
2 0.9515 0.951 0.95215
4 0.329975 0.32805 0.332275
EOD
$s256t << EOD
1 1.0 1.0 1.0
2 0.92395 0.9235 0.92445
4 0.4211 0.396975 0.4302
EOD
$s512p << EOD
1 1.0 1.0 1.0
1 1.0144 1.0093 1.019
2 1.0005 0.99645 1.0053
4 0.4616 0.45905 0.464225
EOD
$s512t << EOD
1 1.0 1.0 1.0
2 0.9859 0.9752 0.9943
4 0.479025 0.474275 0.482525
EOD
$s1024p << EOD
1 1.0 1.0 1.0
1 0.9991 0.992 1.0194
2 0.99215 0.98815 1.01485
4 0.459 0.455825 0.47
EOD
$s1024t << EOD
1 1.0 1.0 1.0
2 0.98885 0.9862 1.0113
4 0.49085 0.476075 0.500775
EOD
$s2048p << EOD
1 1.0 1.0 1.0
1 0.9989 0.9875 1.0127
2 0.9761 0.9427 0.9963
4 0.453475 0.44705 0.464675
EOD
$s2048t << EOD
1 1.0 1.0 1.0
2 0.9787 0.96105 0.99985
4 0.4859 0.443 0.4941
EOD
$s4096p << EOD
1 1.0 1.0 1.0
2 0.98855 0.9753 0.9952
EOD
$s4096t << EOD
1 1.0 1.0 1.0
2 0.9926 0.9768 0.99975
EOD
set terminal pngcairo size 1000,600 noenhanced
set output dir . "/plots/efficiency.png"
set title "Efficiency: speedup ÷ (processes × threads) (95% CI bars)"
set xlabel "processes × BLAS threads"
set ylabel "efficiency"
set xrange [0.5:4 + 0.5]
set xtics 1
set yrange [0:*]
plot 1 title "ideal" with lines lw 2 lc rgb "gray", \
    $s256p using 1:2:3:4 title "n = 256, processes", \
    $s256t using 1:2:3:4 title "n = 256, OpenBLAS threads" dashtype 2, \
    $s512p using 1:2:3:4 title "n = 512, processes", \
    $s512t using 1:2:3:4 title "n = 512, OpenBLAS threads" dashtype 2, \
    $s1024p using 1:2:3:4 title "n = 1024, processes", \
    $s1024t using 1:2:3:4 title "n = 1024, OpenBLAS threads" dashtype 2, \
    $s2048p using 1:2:3:4 title "n = 2048, processes", \
    $s2048t using 1:2:3:4 title "n = 2048, OpenBLAS threads" dashtype 2, \
    $s4096p using 1:2:3:4 title "n = 4096, processes", \
    $s4096t using 1:2:3:4 title "n = 4096, OpenBLAS threads" dashtype 2
set terminal svg size 1000,600 noenhanced
set output dir . "/plots/efficiency.svg"
replot
unset output
reset
set datafile missing "?"
set grid
set key outside right top

$chains << EOD
"configuration" "square" "mixed" "skinny"
"optimal, one process" 288.9 63.82 47.15
"left, 2 proc × 1 thr" 295.6 547.9 364.2
"optimal, 2 proc × 1 thr" 287.2 40.89 46.52
"tree, 2 proc × 1 thr" 169.6 818.9 4799
"parallel, 2 proc × 1 thr" 152.5 32.77 24.43
"parallel, 2 proc × 1 thr, message" 214.1 70.81 93.03
"optimal, SUMMA 2 ranks" 147.8 32.37 ?
"parallel, tiles 2 ranks" ? 43.44 ?
EOD
set terminal pngcairo size 1000,600 noenhanced
set output dir . "/plots/chain-time.png"
set title "Chain time per planner and configuration (median, ms, log axis: planners differ 100-fold)"
set ylabel "milliseconds"
set logscale y
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.6
set xtics rotate by -35 left
plot $chains using 2:xtic(1) title columnheader(2), $chains using 3:xtic(1) title columnheader(3), $chains using 4:xtic(1) title columnheader(4)
set terminal svg size 1000,600 noenhanced
set output dir . "/plots/chain-time.svg"
replot
unset output
reset
set datafile missing "?"
set grid
set key outside right top

$mpi << EOD
0 1.9522 1.8854 1.9926 "worker pool: 2 proc × 1 thr"
1 1.9542 1.9332 1.9864 "SUMMA 2 ranks"
2 1.7478 1.674 1.7722 "SUMMA 2 ranks, TCP"
3 1.4948 1.4365 1.5369 "PDGEMM 2 ranks"
4 1.5079 1.4908 1.5442 "PDGEMM 2 ranks, TCP"
5 1.9819 1.9314 2.0181 "tiles 2 ranks"
EOD
set terminal pngcairo size 1000,600 noenhanced
set output dir . "/plots/mpi.png"
set title "MPI algorithms against the worker pool, n = 2048 (speedup, 95% CI bars)"
set xrange [-0.6:6 - 0.4]
set ylabel "speedup over one process with 1 BLAS thread"
set yrange [0:*]
set style fill solid 0.6
set boxwidth 0.7
set xtics rotate by -35 left
unset key
plot $mpi using 1:2:3:4:(0.7):xtic(5) with boxerrorbars title "speedup"
set terminal svg size 1000,600 noenhanced
set output dir . "/plots/mpi.svg"
replot
unset output
reset
set datafile missing "?"
set grid
set key outside right top


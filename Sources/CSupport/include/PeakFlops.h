// The per-core floating-point peak, measured rather than looked up: a loop of
// independent fused multiply-adds that keeps every FMA pipe busy.
#ifndef GEMMBENCH_PEAKFLOPS_H
#define GEMMBENCH_PEAKFLOPS_H

#include <stdint.h>

/// Which instruction the loop used (the widest this CPU and OS support).
typedef enum {
    GB_PEAK_AVX512_FMA = 1,  // vfmadd231pd on zmm: 8 doubles × 2 flops per instruction
    GB_PEAK_AVX2_FMA = 2,    // vfmadd231pd on ymm: 4 doubles × 2 flops
    GB_PEAK_SSE2 = 3,        // mulpd + addpd on xmm: 2 doubles × 1 flop each
} gb_peak_method;

/// Runs `iterations` trips of the loop for `method`; each trip issues
/// `gb_peak_flops_per_iteration(method)` double-precision flops in 12
/// independent dependency chains (enough to cover 4–5 cycles of FMA latency on
/// two pipes). Returns the seconds it took on CLOCK_MONOTONIC. The loop is
/// inline assembly so its speed does not depend on the C optimisation level.
/// The caller must check that the CPU and OS support `method`.
double gb_peak_loop_seconds(gb_peak_method method, int64_t iterations);

/// Flops per trip of the loop for `method`: 192, 96 or 24.
int gb_peak_flops_per_iteration(gb_peak_method method);

#endif

#include "PeakFlops.h"

#include <time.h>

// Twelve accumulators (0–11) updated from two constant registers (12, 13):
// no instruction waits for another within a trip, so the loop runs at the FMA
// pipes' throughput, not their latency. Operands stay zero, so no denormals.
#define TWELVE(op, reg) \
    op " %%" reg "12, %%" reg "13, %%" reg "0\n\t" op " %%" reg "12, %%" reg "13, %%" reg "1\n\t" \
    op " %%" reg "12, %%" reg "13, %%" reg "2\n\t" op " %%" reg "12, %%" reg "13, %%" reg "3\n\t" \
    op " %%" reg "12, %%" reg "13, %%" reg "4\n\t" op " %%" reg "12, %%" reg "13, %%" reg "5\n\t" \
    op " %%" reg "12, %%" reg "13, %%" reg "6\n\t" op " %%" reg "12, %%" reg "13, %%" reg "7\n\t" \
    op " %%" reg "12, %%" reg "13, %%" reg "8\n\t" op " %%" reg "12, %%" reg "13, %%" reg "9\n\t" \
    op " %%" reg "12, %%" reg "13, %%" reg "10\n\t" op " %%" reg "12, %%" reg "13, %%" reg "11\n\t"

static void zero_vector_registers_256(void) {
    __asm__ volatile("vzeroall" ::: "memory");
}

static void loop_avx512(int64_t iterations) {
    __asm__ volatile(
        "vpxorq %%zmm0, %%zmm0, %%zmm0\n\t"
        "vmovapd %%zmm0, %%zmm1\n\t vmovapd %%zmm0, %%zmm2\n\t vmovapd %%zmm0, %%zmm3\n\t"
        "vmovapd %%zmm0, %%zmm4\n\t vmovapd %%zmm0, %%zmm5\n\t vmovapd %%zmm0, %%zmm6\n\t"
        "vmovapd %%zmm0, %%zmm7\n\t vmovapd %%zmm0, %%zmm8\n\t vmovapd %%zmm0, %%zmm9\n\t"
        "vmovapd %%zmm0, %%zmm10\n\t vmovapd %%zmm0, %%zmm11\n\t vmovapd %%zmm0, %%zmm12\n\t"
        "vmovapd %%zmm0, %%zmm13\n\t"
        "1:\n\t"
        TWELVE("vfmadd231pd", "zmm")
        "dec %0\n\t"
        "jnz 1b\n\t"
        "vzeroupper\n\t"
        : "+r"(iterations)
        :
        : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
          "xmm11", "xmm12", "xmm13", "cc");
}

static void loop_avx2(int64_t iterations) {
    zero_vector_registers_256();
    __asm__ volatile(
        "1:\n\t"
        TWELVE("vfmadd231pd", "ymm")
        "dec %0\n\t"
        "jnz 1b\n\t"
        "vzeroupper\n\t"
        : "+r"(iterations)
        :
        : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
          "xmm11", "xmm12", "xmm13", "cc");
}

// Without FMA: six independent multiplies and six independent adds per trip.
static void loop_sse2(int64_t iterations) {
    __asm__ volatile(
        "xorpd %%xmm0, %%xmm0\n\t movapd %%xmm0, %%xmm1\n\t movapd %%xmm0, %%xmm2\n\t"
        "movapd %%xmm0, %%xmm3\n\t movapd %%xmm0, %%xmm4\n\t movapd %%xmm0, %%xmm5\n\t"
        "movapd %%xmm0, %%xmm6\n\t movapd %%xmm0, %%xmm7\n\t movapd %%xmm0, %%xmm8\n\t"
        "movapd %%xmm0, %%xmm9\n\t movapd %%xmm0, %%xmm10\n\t movapd %%xmm0, %%xmm11\n\t"
        "movapd %%xmm0, %%xmm12\n\t"
        "1:\n\t"
        "mulpd %%xmm12, %%xmm0\n\t addpd %%xmm12, %%xmm1\n\t mulpd %%xmm12, %%xmm2\n\t"
        "addpd %%xmm12, %%xmm3\n\t mulpd %%xmm12, %%xmm4\n\t addpd %%xmm12, %%xmm5\n\t"
        "mulpd %%xmm12, %%xmm6\n\t addpd %%xmm12, %%xmm7\n\t mulpd %%xmm12, %%xmm8\n\t"
        "addpd %%xmm12, %%xmm9\n\t mulpd %%xmm12, %%xmm10\n\t addpd %%xmm12, %%xmm11\n\t"
        "dec %0\n\t"
        "jnz 1b\n\t"
        : "+r"(iterations)
        :
        : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
          "xmm11", "xmm12", "cc");
}

int gb_peak_flops_per_iteration(gb_peak_method method) {
    switch (method) {
    case GB_PEAK_AVX512_FMA: return 12 * 8 * 2;
    case GB_PEAK_AVX2_FMA: return 12 * 4 * 2;
    default: return 12 * 2;
    }
}

double gb_peak_loop_seconds(gb_peak_method method, int64_t iterations) {
    if (iterations < 1) iterations = 1;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    switch (method) {
    case GB_PEAK_AVX512_FMA: loop_avx512(iterations); break;
    case GB_PEAK_AVX2_FMA: loop_avx2(iterations); break;
    default: loop_sse2(iterations); break;
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    return (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) * 1e-9;
}

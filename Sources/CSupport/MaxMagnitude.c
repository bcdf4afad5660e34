#include "MaxMagnitude.h"

#include <immintrin.h>
#include <math.h>

__attribute__((target("avx2")))
static double max_magnitude_avx2(const double *x, long n) {
    const __m256d sign = _mm256_set1_pd(-0.0);
    __m256d m0 = _mm256_setzero_pd(), m1 = _mm256_setzero_pd();
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        // max_pd returns its second operand when either is NaN: keeps m.
        m0 = _mm256_max_pd(_mm256_andnot_pd(sign, _mm256_loadu_pd(x + i)), m0);
        m1 = _mm256_max_pd(_mm256_andnot_pd(sign, _mm256_loadu_pd(x + i + 4)), m1);
    }
    double lanes[4];
    _mm256_storeu_pd(lanes, _mm256_max_pd(m0, m1));
    double largest = 0;
    for (int l = 0; l < 4; l++) if (lanes[l] > largest) largest = lanes[l];
    for (; i < n; i++) if (fabs(x[i]) > largest) largest = fabs(x[i]);
    return largest;
}

double gb_max_magnitude(const double *x, long n) {
    if (__builtin_cpu_supports("avx2")) return max_magnitude_avx2(x, n);
    double largest = 0;
    for (long i = 0; i < n; i++) if (fabs(x[i]) > largest) largest = fabs(x[i]);
    return largest;
}

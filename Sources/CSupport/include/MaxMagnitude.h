// The largest |x[i]|, for the product check's detection limit: Swift's
// floating-point max does not vectorise (it keeps NaN ordering rules), and
// this runs over every element of the result.
#ifndef GEMMBENCH_MAXMAGNITUDE_H
#define GEMMBENCH_MAXMAGNITUDE_H

/// max over i < n of |x[i]|, 0 for n ≤ 0. A NaN is skipped (the check finds it
/// through its products). Uses AVX2 where the CPU has it.
double gb_max_magnitude(const double *x, long n);

#endif

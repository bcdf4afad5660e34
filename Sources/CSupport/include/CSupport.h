// The few C calls Swift's Glibc module cannot reach: memfd_create is not
// exported, prctl is variadic, and cpuid is an instruction, not a function.
#ifndef GEMMBENCH_CSUPPORT_H
#define GEMMBENCH_CSUPPORT_H

#include <stdint.h>

#include "PeakFlops.h"
#include "ManyCore.h"
#include "CoreRoundTrip.h"
#include "MaxMagnitude.h"
#include "ThreadStartFailure.h"

/// Anonymous shared memory that never appears in /dev/shm. Returns an fd or -1
/// with errno set. The corresponding C function is `memfd_create`.
int gb_memfd_create(const char *name);

/// Ask the kernel to send `signal` to this process when its parent dies, so a
/// worker never outlives a coordinator that was SIGKILLed. Returns 0 or -1.
/// The corresponding C call is `prctl(PR_SET_PDEATHSIG, signal)`.
int gb_set_parent_death_signal(int signal);

/// A pipe whose ends are both close-on-exec. Returns 0 or -1 with errno set.
/// The corresponding C call is `pipe2(fds, O_CLOEXEC)` (a GNU extension Glibc's
/// Swift module does not show).
int gb_pipe_cloexec(int fds[2]);

/// CPU features that decide which OpenBLAS kernel can run here.
typedef struct {
    int avx;
    int avx2;
    int fma;
    int avx512f;
    int avx512_bw_cd_dq_vl;  // with avx512f: Skylake-X's AVX-512 set (every AVX-512 CPU but Xeon Phi)
    int os_saves_avx;     // XCR0 has the YMM state enabled
    int os_saves_avx512;  // XCR0 has the ZMM/opmask state enabled
    char vendor[13];
    uint32_t family;
    uint32_t model;
} gb_cpu_features;

/// Fills `out` from the cpuid instruction (and xgetbv for OS support).
void gb_read_cpu_features(gb_cpu_features *out);

#endif

#define _GNU_SOURCE
#include "CSupport.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <cpuid.h>

int gb_memfd_create(const char *name) {
    // MFD_CLOEXEC: the fd reaches a worker only when posix_spawn is told to
    // pass it on, never by accident through some other exec.
    return memfd_create(name, MFD_CLOEXEC);
}

int gb_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0, 0, 0);
}

int gb_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

static uint64_t read_xcr0(void) {
    uint32_t eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((uint64_t)edx << 32) | eax;
}

void gb_read_cpu_features(gb_cpu_features *out) {
    memset(out, 0, sizeof *out);
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx)) return;
    unsigned int max_leaf = eax;
    memcpy(out->vendor + 0, &ebx, 4);
    memcpy(out->vendor + 4, &edx, 4);
    memcpy(out->vendor + 8, &ecx, 4);
    out->vendor[12] = '\0';

    __get_cpuid(1, &eax, &ebx, &ecx, &edx);
    uint32_t base_family = (eax >> 8) & 0xf, base_model = (eax >> 4) & 0xf;
    out->family = base_family == 0xf ? base_family + ((eax >> 20) & 0xff) : base_family;
    out->model = (base_family == 0x6 || base_family == 0xf)
        ? (((eax >> 16) & 0xf) << 4) + base_model : base_model;
    out->fma = (ecx >> 12) & 1;
    out->avx = (ecx >> 28) & 1;
    int osxsave = (ecx >> 27) & 1;
    if (osxsave) {
        uint64_t xcr0 = read_xcr0();
        out->os_saves_avx = (xcr0 & 0x6) == 0x6;
        out->os_saves_avx512 = (xcr0 & 0xe6) == 0xe6;
    }
    if (max_leaf >= 7) {
        __cpuid_count(7, 0, eax, ebx, ecx, edx);
        out->avx2 = (ebx >> 5) & 1;
        out->avx512f = (ebx >> 16) & 1;
        const unsigned int dq = 1u << 17, cd = 1u << 28, bw = 1u << 30, vl = 1u << 31;
        out->avx512_bw_cd_dq_vl = (ebx & (dq | cd | bw | vl)) == (dq | cd | bw | vl);
    }
}

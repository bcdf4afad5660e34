#define _GNU_SOURCE
#include "ManyCore.h"

#include <errno.h>
#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int gb_futex_wait(uint32_t *word, uint32_t expected, int64_t timeout_ns) {
    struct timespec limit;
    struct timespec *limit_pointer = NULL;
    if (timeout_ns >= 0) {
        limit.tv_sec = (time_t)(timeout_ns / 1000000000);
        limit.tv_nsec = (long)(timeout_ns % 1000000000);
        limit_pointer = &limit;
    }
    // FUTEX_WAIT's timeout is relative (FUTEX_WAIT_BITSET's would be absolute).
    return (int)syscall(SYS_futex, word, FUTEX_WAIT, expected, limit_pointer, NULL, 0);
}

int gb_futex_wake(uint32_t *word, int count) {
    return (int)syscall(SYS_futex, word, FUTEX_WAKE, count, NULL, NULL, 0);
}

int gb_set_affinity(int pid, const int *cpus, int count) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int i = 0; i < count; i++) {
        if (cpus[i] < 0 || cpus[i] >= CPU_SETSIZE) {
            errno = EINVAL;
            return -1;
        }
        CPU_SET(cpus[i], &set);
    }
    return sched_setaffinity((pid_t)pid, sizeof set, &set);
}

int gb_get_affinity(int pid, int *cpus, int capacity) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity((pid_t)pid, sizeof set, &set) != 0) return -1;
    int found = 0;
    for (int cpu = 0; cpu < CPU_SETSIZE && found < capacity; cpu++) {
        if (CPU_ISSET(cpu, &set)) cpus[found++] = cpu;
    }
    return found;
}

int gb_page_nodes(void **pages, int count, int *nodes) {
    return (int)syscall(SYS_move_pages, 0, (unsigned long)count, pages, NULL, nodes, 0);
}

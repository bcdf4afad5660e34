// What runs on many cores needs: waiting on a word of shared memory (the
// pool's dispatch), pinning processes to CPUs, and asking which NUMA node a
// page is on. syscall(2) is variadic and cpu_set_t's helpers are macros, so
// Swift cannot make these calls itself.
#ifndef GEMMBENCH_MANYCORE_H
#define GEMMBENCH_MANYCORE_H

#include <stdint.h>

/// Sequentially consistent load, store and add on a 32-bit word that other
/// processes map too. `static inline` so Swift inlines them into its spin loops.
static inline uint32_t gb_atomic_load_u32(const uint32_t *word) {
    return __atomic_load_n(word, __ATOMIC_SEQ_CST);
}
static inline void gb_atomic_store_u32(uint32_t *word, uint32_t value) {
    __atomic_store_n(word, value, __ATOMIC_SEQ_CST);
}
/// Returns the new value.
static inline uint32_t gb_atomic_add_u32(uint32_t *word, uint32_t amount) {
    return __atomic_add_fetch(word, amount, __ATOMIC_SEQ_CST);
}

/// Tells the core this is a spin-wait loop (x86 `pause`, Arm `yield`): saves
/// power and lets a sibling hyperthread run.
static inline void gb_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
/// Writes into `nodes[i]` the NUMA node page `pages[i]` of this process is on,
/// or a negative errno for that page (-ENOENT: not yet touched). Returns 0 or
/// -1 with errno set (ENOSYS on a kernel without NUMA support).
/// The corresponding C call is `move_pages(0, count, pages, NULL, nodes, 0)`:
/// with no target nodes it only reports.
int gb_page_nodes(void **pages, int count, int *nodes);

#endif
}

/// Sleeps while `*word == expected`, at most `timeout_ns` nanoseconds (< 0:
/// no limit). Returns 0 when woken, or -1 with errno set: EAGAIN (the word had
/// already changed), ETIMEDOUT, EINTR. A shared (not FUTEX_PRIVATE) futex, as
/// the word lives in a MAP_SHARED mapping of several processes.
/// The corresponding C call is `syscall(SYS_futex, word, FUTEX_WAIT, ...)`.
int gb_futex_wait(uint32_t *word, uint32_t expected, int64_t timeout_ns);

/// Wakes up to `count` processes sleeping on `word`. Returns how many woke, or -1.
/// The corresponding C call is `syscall(SYS_futex, word, FUTEX_WAKE, count)`.
int gb_futex_wake(uint32_t *word, int count);

/// Restricts process `pid` (0: this one) to the `count` CPUs listed in `cpus`.
/// Returns 0 or -1 with errno set (EINVAL: a CPU that does not exist or is offline).
/// The corresponding C function is `sched_setaffinity`.
int gb_set_affinity(int pid, const int *cpus, int count);

/// Writes the CPUs process `pid` (0: this one) may run on into `cpus`, in
/// increasing order, at most `capacity` of them. Returns how many, or -1.
/// The corresponding C function is `sched_getaffinity`.
int gb_get_affinity(int pid, int *cpus, int capacity);

/// Writes into `nodes[i]` the NUMA node page `pages[i]` of this process is on,
/// or a negative errno for that page (-ENOENT: not yet touched). Returns 0 or
/// -1 with errno set (ENOSYS on a kernel without NUMA support).
/// The corresponding C call is `move_pages(0, count, pages, NULL, nodes, 0)`:
/// with no target nodes it only reports.
int gb_page_nodes(void **pages, int count, int *nodes);

#endif

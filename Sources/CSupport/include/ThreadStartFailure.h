// OpenBLAS 0.3.x (driver/others/blas_server.c, blas_thread_init) meets a failed
// pthread_create by printing two lines ("pthread_create failed for thread 1 of
// 2: Resource temporarily unavailable", "RLIMIT_NPROC …") and calling
// raise(SIGINT). It starts its thread pool in the library's constructor, before
// main, so under `ulimit -u` or `ulimit -v` the process died of SIGINT: exit
// 130, "interrupted", and a sweep reported "killed by SIGINT". These calls let
// gemmbench tell that self-raised SIGINT from a real one (a terminal's Ctrl-C
// comes from the kernel, `kill -INT` from another process) and report it as
// what it is: a resource limit, exit 3.
#ifndef GEMMBENCH_THREADSTARTFAILURE_H
#define GEMMBENCH_THREADSTARTFAILURE_H

#include <signal.h>

/// The exit status for a run that could not start its threads (docs/contracts.md: 3).
#define GB_THREAD_START_FAILURE_STATUS 3

/// 1 when the signal described by `info` was raised by this process itself
/// (raise(3), which glibc sends with tgkill: si_code SI_TKILL and our pid), else 0.
/// Async-signal-safe.
int gb_signal_is_self_raised(const siginfo_t *info);

/// Writes one line to stderr naming the limit that stopped pthread_create:
/// "<program>: cannot start OpenBLAS's threads: address-space limit reached
/// (ulimit -v N KiB; pthread_create: EAGAIN)" when a thread stack no longer
/// fits in this process's address space, otherwise the process limit
/// (ulimit -u N). Async-signal-safe (getrlimit, mmap, munmap, write).
void gb_report_thread_start_failure(void);

/// Installs `handler` for `signal` with SA_SIGINFO, so it receives the sender
/// (see gb_signal_is_self_raised). Returns 0 or -1 with errno set.
/// The corresponding C function is `sigaction`.
int gb_install_siginfo_handler(int signal, void (*handler)(int, siginfo_t *, void *));

/// Starts `count` threads that wait until all have started (or one failed),
/// then joins them: whether `count` more threads can exist at once now.
/// Returns 0, or pthread_create's error (EAGAIN under `ulimit -u` or `ulimit -v`).
/// For OpenBLAS 0.3.21's goto_set_num_threads, which grows its pool without
/// checking pthread_create, so a failed start there hangs the next product.
int gb_probe_thread_starts(int count);

#endif

// See ThreadStartFailure.h for why OpenBLAS's raise(SIGINT) needs this.
#define _GNU_SOURCE
#include "ThreadStartFailure.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

// The program name for the line, taken from argv[0] before main ("gemmbench",
// "gemmbench-mpi"); a fixed buffer, as the signal handler may not allocate.
static char program_name[64] = "gemmbench";
// Whether SIGINT was ignored when this process started (nohup, a background
// job of a non-interactive shell): then a SIGINT from outside stays ignored.
static volatile sig_atomic_t interrupt_was_ignored = 0;

int gb_signal_is_self_raised(const siginfo_t *info) {
    return info != NULL && info->si_code == SI_TKILL && info->si_pid == getpid();
}

// Appends `text` to `buffer` at *used (truncating at `size` - 1).
static void append(char *buffer, size_t size, size_t *used, const char *text) {
    while (*text != '\0' && *used + 1 < size) buffer[(*used)++] = *text++;
    buffer[*used] = '\0';
}

static void append_number(char *buffer, size_t size, size_t *used, unsigned long long value) {
    char digits[24];
    int count = 0;
    do { digits[count++] = (char)('0' + value % 10); value /= 10; } while (value > 0 && count < 23);
    char text[24];
    for (int i = 0; i < count; i++) text[i] = digits[count - 1 - i];
    text[count] = '\0';
    append(buffer, size, used, text);
}

static void append_limit(char *buffer, size_t size, size_t *used, rlim_t limit, unsigned long long unit) {
    if (limit == RLIM_INFINITY) append(buffer, size, used, "unlimited");
    else append_number(buffer, size, used, (unsigned long long)limit / unit);
}

void gb_report_thread_start_failure(void) {
    int saved = errno;
    // What pthread_create maps for a thread: its stack (RLIMIT_STACK, glibc's
    // default size) and a guard page. If that no longer fits, the address space
    // (ulimit -v) is what ran out; if it fits, the thread count (ulimit -u) did.
    struct rlimit stack, address, processes;
    size_t stack_bytes = 8u << 20;
    if (getrlimit(RLIMIT_STACK, &stack) == 0 && stack.rlim_cur != RLIM_INFINITY && stack.rlim_cur > 0)
        stack_bytes = (size_t)stack.rlim_cur;
    stack_bytes += (size_t)sysconf(_SC_PAGESIZE);
    void *probe = mmap(NULL, stack_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    int memory = probe == MAP_FAILED;
    if (!memory) munmap(probe, stack_bytes);

    char line[256];
    size_t used = 0;
    line[0] = '\0';
    append(line, sizeof line, &used, program_name);
    append(line, sizeof line, &used, ": cannot start OpenBLAS's threads: ");
    if (memory && getrlimit(RLIMIT_AS, &address) == 0 && address.rlim_cur != RLIM_INFINITY) {
        append(line, sizeof line, &used, "address-space limit reached (ulimit -v ");
        append_limit(line, sizeof line, &used, address.rlim_cur, 1024);
        append(line, sizeof line, &used, " KiB");
    } else if (memory) {
        append(line, sizeof line, &used, "out of memory (");
    } else {
        append(line, sizeof line, &used, "process limit reached (ulimit -u ");
        if (getrlimit(RLIMIT_NPROC, &processes) == 0) append_limit(line, sizeof line, &used, processes.rlim_cur, 1);
        else append(line, sizeof line, &used, "?");
    }
    append(line, sizeof line, &used, "; pthread_create: EAGAIN)\n");
    ssize_t ignored = write(STDERR_FILENO, line, used);
    (void)ignored;
    errno = saved;
}

struct probe {
    pthread_mutex_t lock;
    pthread_cond_t released_changed;
    int released;
};

static void *wait_for_release(void *argument) {
    struct probe *probe = argument;
    pthread_mutex_lock(&probe->lock);
    while (!probe->released) pthread_cond_wait(&probe->released_changed, &probe->lock);
    pthread_mutex_unlock(&probe->lock);
    return NULL;
}

int gb_probe_thread_starts(int count) {
    if (count <= 0) return 0;
    pthread_t *threads = calloc((size_t)count, sizeof *threads);
    if (threads == NULL) return ENOMEM;
    struct probe probe = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0 };
    int started = 0, error = 0;
    while (started < count && (error = pthread_create(&threads[started], NULL, wait_for_release, &probe)) == 0) started++;
    pthread_mutex_lock(&probe.lock);
    probe.released = 1;
    pthread_cond_broadcast(&probe.released_changed);
    pthread_mutex_unlock(&probe.lock);
    for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
    free(threads);
    return error;
}

int gb_install_siginfo_handler(int signal, void (*handler)(int, siginfo_t *, void *)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = handler;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    return sigaction(signal, &action, NULL);
}

// Before main, and before any shared library's constructor (OpenBLAS's
// included: the executable's .preinit_array runs first), a SIGINT that this
// process raises itself ends it with the line above and exit 3. Nothing is
// owned yet, so there is nothing to clean up. A SIGINT from outside keeps its
// default meaning. TerminationCleanup replaces this handler with one that
// makes the same distinction after cleaning up.
static void early_interrupt(int signal, siginfo_t *info, void *context) {
    (void)context;
    if (gb_signal_is_self_raised(info)) {
        gb_report_thread_start_failure();
        _exit(GB_THREAD_START_FAILURE_STATUS);
    }
    if (interrupt_was_ignored) return;
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigaction(signal, &fallback, NULL);
    raise(signal);
}

static void install_early_interrupt(int argc, char **argv, char **envp) {
    (void)envp;
    if (argc > 0 && argv != NULL && argv[0] != NULL) {
        const char *name = strrchr(argv[0], '/');
        name = name ? name + 1 : argv[0];
        size_t length = strlen(name);
        // Only gemmbench's own names: the test bundle and anything else keep "gemmbench".
        if (length > 0 && length < sizeof program_name && strncmp(name, "gemmbench", 9) == 0 && strstr(name, "Tests") == NULL) {
            memcpy(program_name, name, length + 1);
        }
    }
    struct sigaction current;
    if (sigaction(SIGINT, NULL, &current) == 0 && current.sa_handler == SIG_IGN) interrupt_was_ignored = 1;
    gb_install_siginfo_handler(SIGINT, early_interrupt);
}

__attribute__((section(".preinit_array"), used))
static void (*const gb_preinit_early_interrupt)(int, char **, char **) = install_early_interrupt;

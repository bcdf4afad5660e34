#define _GNU_SOURCE
#include "CoreRoundTrip.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>

/// The line the two threads bounce, alone in its 64-byte cache line, and a
/// stop word on another line (the partner checks it while it waits).
struct ping_pong {
    _Alignas(64) _Atomic int ball;
    _Alignas(64) _Atomic int stop;
    int cpu;
    int trips;
};

/// `stop` values: the caller ended the game, or the partner could not pin itself.
enum { STOPPED_BY_CALLER = 1, PARTNER_NOT_PINNED = 2 };

/// Spins between clock reads: reading the clock each spin would dominate a
/// ~100 ns round trip.
enum { SPINS_PER_CLOCK_CHECK = 1024 };

// The partner sets the ball to PARTNER_READY once it runs pinned on its CPU; the
// clock starts only then, after WARM_UP_TRIPS untimed trips. Starting it at
// pthread_create counted the new thread's start and migration (about 2 ms on the
// 2-core VM): 10 000 trips then read ~390 ns whether the CPUs were near or far,
// against ~95 ns near and ~300 ns far per trip without it.
enum { PARTNER_READY = 2, WARM_UP_TRIPS = 100 };

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int pin_self(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

static void *partner(void *argument) {
    struct ping_pong *game = argument;
    if (pin_self(game->cpu) != 0) {
        atomic_store(&game->stop, PARTNER_NOT_PINNED);
        return 0;
    }
    atomic_store_explicit(&game->ball, PARTNER_READY, memory_order_release);
    for (int i = 0; i < WARM_UP_TRIPS + game->trips; i++) {
        while (atomic_load_explicit(&game->ball, memory_order_acquire) != 1) {
            if (atomic_load_explicit(&game->stop, memory_order_relaxed)) return 0;
        }
        atomic_store_explicit(&game->ball, 0, memory_order_release);
    }
    return 0;
}

double gb_core_round_trip_ns(int cpu_a, int cpu_b, int trips, int64_t limit_ns) {
    if (trips < 1 || cpu_a < 0 || cpu_b < 0 || cpu_a >= CPU_SETSIZE || cpu_b >= CPU_SETSIZE) {
        errno = EINVAL;
        return -1;
    }
    cpu_set_t saved;
    if (sched_getaffinity(0, sizeof saved, &saved) != 0) return -1;
    if (!CPU_ISSET(cpu_a, &saved) || !CPU_ISSET(cpu_b, &saved)) {
        errno = EINVAL;
        return -1;
    }
    int failure = pin_self(cpu_a);
    if (failure != 0) {
        errno = failure;
        return -1;
    }
    struct ping_pong game;
    atomic_store(&game.ball, 0);
    atomic_store(&game.stop, 0);
    game.cpu = cpu_b;
    game.trips = trips;
    pthread_t thread;
    failure = pthread_create(&thread, NULL, partner, &game);
    if (failure != 0) {
        sched_setaffinity(0, sizeof saved, &saved);
        errno = failure;
        return -1;
    }
    int64_t started = now_ns();
    int timed_out = 0, partner_failed = 0;
    // Wait (within the limit) for the partner to run on its CPU.
    for (unsigned spins = 0; atomic_load_explicit(&game.ball, memory_order_acquire) != PARTNER_READY;) {
        if (++spins % SPINS_PER_CLOCK_CHECK != 0) continue;
        if (atomic_load(&game.stop) == PARTNER_NOT_PINNED) { partner_failed = 1; break; }
        if (now_ns() - started > limit_ns) { timed_out = 1; break; }
    }
    atomic_store_explicit(&game.ball, 0, memory_order_release);
    for (int i = 0; i < WARM_UP_TRIPS + trips && !timed_out && !partner_failed; i++) {
        if (i == WARM_UP_TRIPS) started = now_ns();
        atomic_store_explicit(&game.ball, 1, memory_order_release);
        unsigned spins = 0;
        while (atomic_load_explicit(&game.ball, memory_order_acquire) != 0) {
            if (++spins % SPINS_PER_CLOCK_CHECK != 0) continue;
            if (atomic_load(&game.stop) == PARTNER_NOT_PINNED) { partner_failed = 1; break; }
            if (now_ns() - started > limit_ns) { timed_out = 1; break; }
        }
    }
    int64_t elapsed = now_ns() - started;
    atomic_store(&game.stop, STOPPED_BY_CALLER);
    pthread_join(thread, NULL);
    sched_setaffinity(0, sizeof saved, &saved);
    if (partner_failed) {
        errno = EINVAL;
        return -1;
    }
    if (timed_out) {
        errno = ETIMEDOUT;
        return -1;
    }
    return (double)elapsed / trips;
}

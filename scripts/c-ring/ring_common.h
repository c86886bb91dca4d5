// What the C rings here share outside their hot loops: pinning and the timed two-thread run.
#ifndef RING_COMMON_H
#define RING_COMMON_H
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <sched.h>
#include <stdint.h>
#include <time.h>

/* Both threads meet here before the timed part, so the time counts the ring, not thread
   creation or the migration a pin causes (the shared yardstick times from such a gate too). */
static _Atomic int start_gate;
static struct timespec start_time;

/* Pins the calling thread to `cpu` when `enabled`, then waits at the start gate until the other
   thread of the pair has arrived; the consumer (cpu 1) takes the start time as it leaves. */
static void pin_to_if(int enabled, int cpu) {
    if (enabled) {
        cpu_set_t set; CPU_ZERO(&set); CPU_SET(cpu, &set);
        pthread_setaffinity_np(pthread_self(), sizeof set, &set);
    }
    atomic_fetch_add_explicit(&start_gate, 1, memory_order_acq_rel);
    while (atomic_load_explicit(&start_gate, memory_order_acquire) < 2) __builtin_ia32_pause();
    if (cpu == 1) clock_gettime(CLOCK_MONOTONIC, &start_time);
}

/* Runs `producer` on a new thread and `consume` on this one (each calls pin_to_if first);
   returns the seconds from the start gate until the consumer finished, and the consumer's
   checksum through `sum`. */
static double run_pair(void *(*producer)(void *), uint64_t (*consume)(void), uint64_t *sum) {
    struct timespec t1;
    pthread_t p;
    pthread_create(&p, NULL, producer, NULL);
    *sum = consume();
    clock_gettime(CLOCK_MONOTONIC, &t1);
    pthread_join(p, NULL);
    return (double)(t1.tv_sec - start_time.tv_sec) + (double)(t1.tv_nsec - start_time.tv_nsec) / 1e9;
}
#endif

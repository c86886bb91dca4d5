// What the C rings here share outside their hot loops: pinning and the timed two-thread run.
#ifndef RING_COMMON_H
#define RING_COMMON_H
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <time.h>

/* Pins the calling thread to `cpu` when `enabled`. */
static void pin_to_if(int enabled, int cpu) {
    if (!enabled) return;
    cpu_set_t set; CPU_ZERO(&set); CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

/* Runs `producer` on a new thread and `consume` on this one; returns the seconds from the
   start until the consumer finished, and the consumer's checksum through `sum`. */
static double run_pair(void *(*producer)(void *), uint64_t (*consume)(void), uint64_t *sum) {
    struct timespec t0, t1;
    pthread_t p;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pthread_create(&p, NULL, producer, NULL);
    *sum = consume();
    clock_gettime(CLOCK_MONOTONIC, &t1);
    pthread_join(p, NULL);
    return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}
#endif

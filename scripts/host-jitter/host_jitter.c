// Host jitter probe: N threads spin reading CLOCK_MONOTONIC for S seconds and record every gap
// longer than a threshold (time the thread did not run: interrupts, vCPU preemption, other
// tasks). For each thread it prints the gaps' count, total, largest and typical spacing, and the
// share of a steady message stream that such gaps alone would delay by more than a latency
// bound: a gap of L stalls everything due in its first L - bound. Used to tell what a latency
// target can be on a given host, whatever runs on it.
//
// usage: host_jitter [THREADS=1] [SECONDS=5] [THRESHOLD_US=10] [PIN=0] [BOUND_US=20]
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_GAPS 1000000

typedef struct {
    int cpu;
    uint64_t start, end;
    long count;
    uint64_t *at, *length;
} probe;

static uint64_t threshold_ns;

static inline uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void *spin(void *arg) {
    probe *p = arg;
    if (p->cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(p->cpu, &set);
        pthread_setaffinity_np(pthread_self(), sizeof set, &set);
    }
    uint64_t previous = now_ns();
    while (previous < p->end) {
        uint64_t t = now_ns();
        if (t - previous > threshold_ns && p->count < MAX_GAPS) {
            p->at[p->count] = previous - p->start;
            p->length[p->count] = t - previous;
            p->count++;
        }
        previous = t;
    }
    return NULL;
}

static int by_value(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    double seconds = argc > 2 ? atof(argv[2]) : 5;
    threshold_ns = (uint64_t)((argc > 3 ? atof(argv[3]) : 10) * 1000);
    int pin = argc > 4 && atoi(argv[4]) != 0;
    double bound_us = argc > 5 ? atof(argv[5]) : 20;
    if (threads < 1 || threads > 64 || seconds <= 0) { fprintf(stderr, "usage: %s [THREADS 1-64] [SECONDS] [THRESHOLD_US] [PIN 0|1] [BOUND_US]\n", argv[0]); return 2; }
    pthread_t tid[64];
    probe p[64];
    uint64_t start = now_ns();
    for (int i = 0; i < threads; i++) {
        p[i] = (probe){ .cpu = pin ? i : -1, .start = start, .end = start + (uint64_t)(seconds * 1e9), .count = 0,
                        .at = calloc(MAX_GAPS, sizeof(uint64_t)), .length = calloc(MAX_GAPS, sizeof(uint64_t)) };
        if (!p[i].at || !p[i].length) { fprintf(stderr, "out of memory\n"); return 1; }
        pthread_create(&tid[i], NULL, spin, &p[i]);
    }
    for (int i = 0; i < threads; i++) pthread_join(tid[i], NULL);
    printf("{\"threads\": %d, \"seconds\": %.1f, \"thresholdMicroseconds\": %.1f, \"pinned\": %s, \"boundMicroseconds\": %.1f, \"perThread\": [\n",
           threads, seconds, threshold_ns / 1e3, pin ? "true" : "false", bound_us);
    for (int i = 0; i < threads; i++) {
        uint64_t total = 0, largest = 0;
        double late = 0; // ns of arrivals delayed beyond the bound
        for (long k = 0; k < p[i].count; k++) {
            total += p[i].length[k];
            if (p[i].length[k] > largest) largest = p[i].length[k];
            double excess = (double)p[i].length[k] - bound_us * 1000;
            if (excess > 0) late += excess;
        }
        // Typical spacing between gaps: the median interval between consecutive gap starts.
        double spacing = 0;
        if (p[i].count > 2) {
            uint64_t *d = calloc((size_t)p[i].count, sizeof(uint64_t));
            for (long k = 1; k < p[i].count; k++) d[k - 1] = p[i].at[k] - p[i].at[k - 1];
            qsort(d, (size_t)p[i].count - 1, sizeof(uint64_t), by_value);
            spacing = d[(p[i].count - 1) / 2] / 1e6;
            free(d);
        }
        uint64_t *l = calloc((size_t)p[i].count + 1, sizeof(uint64_t));
        for (long k = 0; k < p[i].count; k++) l[k] = p[i].length[k];
        qsort(l, (size_t)p[i].count, sizeof(uint64_t), by_value);
        double median = p[i].count ? l[p[i].count / 2] / 1e3 : 0;
        free(l);
        printf("  {\"thread\": %d, \"cpu\": %d, \"gaps\": %ld, \"stalledPercent\": %.3f, \"medianGapMicroseconds\": %.1f, "
               "\"largestGapMicroseconds\": %.1f, \"medianSpacingMilliseconds\": %.2f, \"delayedBeyondBoundPercent\": %.3f}%s\n",
               i, p[i].cpu, p[i].count, 100.0 * total / (seconds * 1e9), median, largest / 1e3, spacing,
               100.0 * late / (seconds * 1e9), i + 1 < threads ? "," : "");
    }
    printf("]}\n");
    return 0;
}

// Minimal hand-written C SPSC ring: the yardstick for RingLog's partition log.
//
// 64-byte messages in a power-of-two array of slots, head/tail on their own 128-byte lines,
// each side caching the other's index and re-reading it only when it must, batched publication
// (one release store per batch). The producer writes 8 words per message; the consumer reads all
// 8 and folds them into a checksum so the reads cannot be optimised away.
//
// Usage: spsc_ring BATCH MESSAGES [pin|nopin] [RING_BYTES]   -> prints one JSON line
//        RING_BYTES: a power of two, 4 KiB ... 64 MiB (default 1 MiB)
// Build: cc -O3 -pthread spsc_ring.c      (baseline x86-64 target, as swiftc)
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ring_common.h"

typedef struct { uint64_t w[8]; } message;

#define MAX_BYTES (64u << 20)
/* A static array (faster than the same 1 MiB ring from aligned_alloc in 7 of 8 paired runs
   here, by ~1.1-2x); a run uses its first RING_BYTES. */
static struct {
    _Alignas(128) _Atomic uint64_t head;   /* written by the producer */
    _Alignas(128) _Atomic uint64_t tail;   /* written by the consumer */
    _Alignas(4096) message slots[MAX_BYTES / sizeof(message)];
} ring;
static uint64_t SLOTS = 1u << 14, MASK = (1u << 14) - 1; /* 16384 x 64 B = 1 MiB by default */

static uint64_t total, batch;
static int pin;

static void pin_to(int cpu) { pin_to_if(pin, cpu); }

static void *producer(void *arg) {
    (void)arg;
    pin_to(0);
    uint64_t head = 0, cached_tail = 0;
    while (head < total) {
        uint64_t n = total - head < batch ? total - head : batch;
        while (head + n - cached_tail > SLOTS) {
            cached_tail = atomic_load_explicit(&ring.tail, memory_order_acquire);
            if (head + n - cached_tail > SLOTS) __builtin_ia32_pause();
        }
        for (uint64_t i = 0; i < n; i++) {
            message *m = &ring.slots[(head + i) & MASK];
            uint64_t s = head + i;
            for (int k = 0; k < 8; k++) m->w[k] = s + (uint64_t)k;
        }
        head += n;
        atomic_store_explicit(&ring.head, head, memory_order_release);
    }
    return NULL;
}

static uint64_t consume(void) {
    pin_to(1);
    uint64_t tail = 0, cached_head = 0, sum = 0;
    while (tail < total) {
        if (tail == cached_head) {
            cached_head = atomic_load_explicit(&ring.head, memory_order_acquire);
            if (tail == cached_head) { __builtin_ia32_pause(); continue; }
        }
        uint64_t n = cached_head - tail < batch ? cached_head - tail : batch;
        for (uint64_t i = 0; i < n; i++) {
            const message *m = &ring.slots[(tail + i) & MASK];
            for (int k = 0; k < 8; k++) sum += m->w[k];
        }
        tail += n;
        atomic_store_explicit(&ring.tail, tail, memory_order_release);
    }
    return sum;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s BATCH MESSAGES [pin]\n", argv[0]); return 2; }
    batch = strtoull(argv[1], NULL, 10);
    total = strtoull(argv[2], NULL, 10);
    pin = argc > 3 && strcmp(argv[3], "pin") == 0;
    uint64_t bytes = argc > 4 ? strtoull(argv[4], NULL, 10) : (1u << 20);
    if (bytes < 4096 || bytes > MAX_BYTES || (bytes & (bytes - 1))) {
        fprintf(stderr, "RING_BYTES must be a power of two in 4096...%u\n", MAX_BYTES); return 2;
    }
    SLOTS = bytes / sizeof(message); MASK = SLOTS - 1;
    if (batch == 0 || batch > SLOTS || total == 0) { fprintf(stderr, "bad arguments\n"); return 2; }
    memset(ring.slots, 0, bytes); /* fault the pages in before timing */
    uint64_t sum;
    double seconds = run_pair(producer, consume, &sum);
    /* expected: sum over s of (8s + 28) */
    uint64_t expect = 8 * (total * (total - 1) / 2) + 28 * total;
    printf("{\"impl\":\"c-ring\",\"ringBytes\":%llu,\"batch\":%llu,\"messages\":%llu,\"seconds\":%.6f,\"msgsPerSecond\":%.1f,\"verified\":%s}\n",
           (unsigned long long)bytes, (unsigned long long)batch, (unsigned long long)total, seconds, (double)total / seconds,
           sum == expect ? "true" : "false");
    return sum == expect ? 0 : 1;
}

// Record-layout lab for the SPSC ring: the same hand-written C ring as spsc_ring.c, with the
// per-message metadata that a log needs (lengths, offsets, timestamps) laid out in different
// ways, so the cost of a layout can be measured apart from the language and the engine.
//
// Every layout moves the same 64-byte value per message (8 words s, s+1, ..., s+7) and the
// consumer folds all 8 into a checksum, as in spsc_ring.c. What differs is where M bytes of
// metadata per message go and in what order they are written:
//
//   plain       no metadata: 64-byte slots (spsc_ring.c).
//   inline:M    a frame of M header bytes then the value, frames packed back to back in one
//               ring (RingLog's frames: M = 16 for a record without key, headers or checksum,
//               frames of 80 bytes; its first format had M = 40, frames of 104). The consumer
//               reads each frame's length word and its value.
//   aligned:M   inline:M with every batch starting on a 64-byte boundary: the producer ends a
//               batch with a padding word and skips to the boundary, the consumer skips it
//               (RingLog's layout since its batches are aligned). The ring is sized for
//               messages of a whole boundary each (exact at batch 1, conservative above).
//   side:M      values in 64-byte slots; each message's M header bytes in a separate array,
//               written right after its value (per message). The consumer reads word 0 of each.
//   batch:M     values in 64-byte slots; the batch's headers (M bytes a message) written in one
//               burst after all its values, into a separate array (Kafka's record batch keeps
//               per-batch metadata together). The consumer reads word 0 of each after the values.
//
// Usage: layouts BATCH MESSAGES [pin|nopin] RING_BYTES LAYOUT   -> one JSON line
// Build: cc -O3 -pthread layouts.c     (baseline x86-64 target, as swiftc)
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

#define MAX_BYTES (64u << 20)
enum kind { PLAIN, INLINE, ALIGNED, SIDE, BATCH };
#define PAD (1ull << 63)

static struct {
    _Alignas(128) _Atomic uint64_t head;   /* messages published; written by the producer */
    _Alignas(128) _Atomic uint64_t tail;   /* messages consumed; written by the consumer */
    _Alignas(4096) unsigned char bytes[MAX_BYTES + 4096];
} ring;
static _Alignas(4096) unsigned char meta[MAX_BYTES];

static enum kind kind;
static uint64_t total, batch, slots, mask, frame, metaWords, ringBytes;
static int pin;

static void pin_to(int cpu) { pin_to_if(pin, cpu); }

static inline void write_value(uint64_t *v, uint64_t s) {
    for (int k = 0; k < 8; k++) v[k] = s + (uint64_t)k;
}

static inline uint64_t read_value(const uint64_t *v) {
    uint64_t sum = 0;
    for (int k = 0; k < 8; k++) sum += v[k];
    return sum;
}

static void *producer(void *arg) {
    (void)arg;
    pin_to(0);
    uint64_t head = 0, cached_tail = 0, at = 0; /* at: byte offset of the next inline frame */
    while (head < total) {
        uint64_t n = total - head < batch ? total - head : batch;
        while (head + n - cached_tail > slots) {
            cached_tail = atomic_load_explicit(&ring.tail, memory_order_acquire);
            if (head + n - cached_tail > slots) __builtin_ia32_pause();
        }
        switch (kind) {
        case PLAIN:
            for (uint64_t i = 0; i < n; i++) write_value((uint64_t *)(ring.bytes + (((head + i) & mask) << 6)), head + i);
            break;
        case INLINE:
            for (uint64_t i = 0; i < n; i++) {
                uint64_t *f = (uint64_t *)(ring.bytes + at);
                f[0] = frame;                                   /* length word */
                for (uint64_t k = 1; k < metaWords; k++) f[k] = head + i;
                write_value(f + metaWords, head + i);
                at += frame;
                if (at + frame > ringBytes) at = 0;             /* frames never straddle the end */
            }
            break;
        case ALIGNED:
            for (uint64_t i = 0; i < n; i++) {
                if (at + frame > ringBytes) at = 0;             /* frames never straddle the end */
                uint64_t *f = (uint64_t *)(ring.bytes + at);
                f[0] = frame;
                for (uint64_t k = 1; k < metaWords; k++) f[k] = head + i;
                write_value(f + metaWords, head + i);
                at += frame;
            }
            if (at & 63) {                                      /* pad the batch to the boundary */
                *(uint64_t *)(ring.bytes + at) = PAD;
                at = (at + 63) & ~(uint64_t)63;
            }
            break;
        case SIDE:
            for (uint64_t i = 0; i < n; i++) {
                uint64_t s = head + i, slot = s & mask;
                write_value((uint64_t *)(ring.bytes + (slot << 6)), s);
                uint64_t *m = (uint64_t *)(meta + slot * (metaWords << 3));
                for (uint64_t k = 0; k < metaWords; k++) m[k] = s;
            }
            break;
        case BATCH:
            for (uint64_t i = 0; i < n; i++) write_value((uint64_t *)(ring.bytes + (((head + i) & mask) << 6)), head + i);
            for (uint64_t i = 0; i < n; i++) {
                uint64_t s = head + i;
                uint64_t *m = (uint64_t *)(meta + (s & mask) * (metaWords << 3));
                for (uint64_t k = 0; k < metaWords; k++) m[k] = s;
            }
            break;
        }
        head += n;
        atomic_store_explicit(&ring.head, head, memory_order_release);
    }
    return NULL;
}

static uint64_t consume(void) {
    pin_to(1);
    uint64_t tail = 0, cached_head = 0, sum = 0, at = 0;
    while (tail < total) {
        if (tail == cached_head) {
            cached_head = atomic_load_explicit(&ring.head, memory_order_acquire);
            if (tail == cached_head) { __builtin_ia32_pause(); continue; }
        }
        uint64_t n = cached_head - tail < batch ? cached_head - tail : batch;
        switch (kind) {
        case PLAIN:
            for (uint64_t i = 0; i < n; i++) sum += read_value((const uint64_t *)(ring.bytes + (((tail + i) & mask) << 6)));
            break;
        case INLINE:
            for (uint64_t i = 0; i < n; i++) {
                const uint64_t *f = (const uint64_t *)(ring.bytes + at);
                sum += f[0] + read_value(f + metaWords);
                at += frame;
                if (at + frame > ringBytes) at = 0;
            }
            break;
        case ALIGNED:
            for (uint64_t i = 0; i < n; i++) {
                if (at + frame > ringBytes) at = 0;
                const uint64_t *f = (const uint64_t *)(ring.bytes + at);
                if (f[0] & PAD) {                               /* the end of a batch */
                    at = (at + 63) & ~(uint64_t)63;
                    if (at + frame > ringBytes) at = 0;
                    f = (const uint64_t *)(ring.bytes + at);
                }
                sum += f[0] + read_value(f + metaWords);
                at += frame;
            }
            break;
        case SIDE:
            for (uint64_t i = 0; i < n; i++) {
                uint64_t slot = (tail + i) & mask;
                sum += read_value((const uint64_t *)(ring.bytes + (slot << 6)));
                sum += *(const uint64_t *)(meta + slot * (metaWords << 3));
            }
            break;
        case BATCH:
            for (uint64_t i = 0; i < n; i++) sum += read_value((const uint64_t *)(ring.bytes + (((tail + i) & mask) << 6)));
            for (uint64_t i = 0; i < n; i++) sum += *(const uint64_t *)(meta + ((tail + i) & mask) * (metaWords << 3));
            break;
        }
        tail += n;
        atomic_store_explicit(&ring.tail, tail, memory_order_release);
    }
    return sum;
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: %s BATCH MESSAGES pin|nopin RING_BYTES plain|inline:M|aligned:M|side:M|batch:M\n", argv[0]);
        return 2;
    }
    batch = strtoull(argv[1], NULL, 10);
    total = strtoull(argv[2], NULL, 10);
    pin = strcmp(argv[3], "pin") == 0;
    ringBytes = strtoull(argv[4], NULL, 10);
    const char *layout = argv[5];
    uint64_t m = 0;
    if (strcmp(layout, "plain") == 0) kind = PLAIN;
    else if (sscanf(layout, "inline:%llu", (unsigned long long *)&m) == 1) kind = INLINE;
    else if (sscanf(layout, "aligned:%llu", (unsigned long long *)&m) == 1) kind = ALIGNED;
    else if (sscanf(layout, "side:%llu", (unsigned long long *)&m) == 1) kind = SIDE;
    else if (sscanf(layout, "batch:%llu", (unsigned long long *)&m) == 1) kind = BATCH;
    else { fprintf(stderr, "unknown layout '%s'\n", layout); return 2; }
    if (ringBytes < 4096 || ringBytes > MAX_BYTES || (ringBytes & (ringBytes - 1))) {
        fprintf(stderr, "RING_BYTES must be a power of two in 4096...%u\n", MAX_BYTES); return 2;
    }
    if (kind != PLAIN && (m == 0 || m % 8 || m > 256)) { fprintf(stderr, "M must be a multiple of 8 in 8...256\n"); return 2; }
    metaWords = m / 8;
    frame = 64 + m;
    slots = kind == INLINE ? ringBytes / frame : kind == ALIGNED ? ringBytes / ((frame + 63) & ~(uint64_t)63) - 1 : ringBytes / 64;
    if (kind != INLINE && kind != ALIGNED) mask = slots - 1;
    if (batch == 0 || batch > slots || total == 0) { fprintf(stderr, "bad arguments\n"); return 2; }
    if ((kind == SIDE || kind == BATCH) && slots * m > MAX_BYTES) { fprintf(stderr, "metadata array too large\n"); return 2; }
    memset(ring.bytes, 0, ringBytes);   /* fault the pages in before timing */
    memset(meta, 0, kind == SIDE || kind == BATCH ? slots * m : 4096);
    uint64_t sum;
    double seconds = run_pair(producer, consume, &sum);
    uint64_t expect = 8 * (total * (total - 1) / 2) + 28 * total;     /* the values */
    if (kind == INLINE || kind == ALIGNED) expect += frame * total;    /* length words */
    if (kind == SIDE || kind == BATCH) expect += total * (total - 1) / 2; /* header word 0 = s */
    printf("{\"impl\":\"c-ring\",\"layout\":\"%s\",\"ringBytes\":%llu,\"batch\":%llu,\"messages\":%llu,\"seconds\":%.6f,"
           "\"msgsPerSecond\":%.1f,\"verified\":%s}\n",
           layout, (unsigned long long)ringBytes, (unsigned long long)batch, (unsigned long long)total, seconds,
           (double)total / seconds, sum == expect ? "true" : "false");
    return sum == expect ? 0 : 1;
}

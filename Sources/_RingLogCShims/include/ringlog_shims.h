// Tiny C shims for what Swift's Glibc overlay does not expose (variadic syscall, _GNU_SOURCE
// functions) or what is clearly better done in C (CRC32C with the SSE4.2 instruction).
// Everything here is cold path except the CRC32C functions.
#ifndef RINGLOG_SHIMS_H
#define RINGLOG_SHIMS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Maps `capacity` bytes of anonymous shared memory twice, back to back, so that
/// `base[i]` and `base[i + capacity]` alias. `capacity` must be a multiple of the page size.
/// Returns the base address, or NULL with `*error_out` set to an errno value.
void *ringlog_mirror_map(size_t capacity, int *error_out);
/// Like `ringlog_mirror_map`, on 2 MiB hugetlb pages (`memfd_create(MFD_HUGETLB)`).
/// `capacity` must be a multiple of 2 MiB. Fails with ENOMEM when the kernel's huge page pool
/// (`vm.nr_hugepages`) has too few free pages, EINVAL when the capacity does not fit.
void *ringlog_mirror_map_hugetlb(size_t capacity, int *error_out);
/// Unmaps a region created by `ringlog_mirror_map` or `ringlog_mirror_map_hugetlb`.
void ringlog_mirror_unmap(void *base, size_t capacity);
/// The system page size.
size_t ringlog_page_size(void);

/// futex(FUTEX_WAIT_PRIVATE): sleeps while `*address == expected`, at most `timeout_ns`
/// (negative: no timeout). Returns 0 when woken, or an errno value (EAGAIN, ETIMEDOUT, EINTR).
int ringlog_futex_wait(uint32_t *address, uint32_t expected, int64_t timeout_ns);
/// futex(FUTEX_WAKE_PRIVATE): wakes up to `count` waiters. Returns the number woken.
int ringlog_futex_wake(uint32_t *address, int count);

/// CRC32C (Castagnoli), the checksum Kafka's record batches use. Uses the SSE4.2 `crc32`
/// instruction when the CPU has it (checked once), a table otherwise.
uint32_t ringlog_crc32c(uint32_t crc, const void *data, size_t length);
/// 1 when `ringlog_crc32c` runs on the hardware instruction.
int ringlog_crc32c_is_hardware(void);
/// A CRC32C routine with `ringlog_crc32c`'s signature and results.
typedef uint32_t (*ringlog_crc32c_fn)(uint32_t crc, const void *data, size_t length);
/// The routine `ringlog_crc32c` dispatches to on this CPU, resolved once: a caller that keeps it
/// skips the per-call CPU check.
ringlog_crc32c_fn ringlog_crc32c_resolve(void);
/// The table routine, whatever the CPU (for tests that compare it with the hardware one).
ringlog_crc32c_fn ringlog_crc32c_table(void);

/// CPU ids the affinity calls here accept and report for pinning: 0 ..< RINGLOG_CPU_LIMIT.
#define RINGLOG_CPU_LIMIT 4096

/// Pins the calling thread to one CPU (0 ..< RINGLOG_CPU_LIMIT). Returns 0 or an errno value
/// (EINVAL for a CPU out of range, offline or outside the process's cpuset).
int ringlog_pin_current_thread(int cpu);
/// The CPUs the process may run on: its affinity mask (`sched_getaffinity` of the thread group
/// leader, the mask `taskset` sets), whatever the calling thread's own mask. Writes the ids,
/// ascending, to cpus[0 ..< max] and returns how many the mask holds (more than `max` when the
/// buffer was too small), or a negative errno value.
int ringlog_available_cpus(int *cpus, int max);
/// Like `ringlog_available_cpus` for the calling thread's own mask (`pthread_getaffinity_np`):
/// after a successful pin, exactly the CPU it was pinned to.
int ringlog_thread_cpus(int *cpus, int max);
/// The CPU the calling thread runs on now, or -1.
int ringlog_current_cpu(void);

/// perf_event_open(2) for the calling thread (pid 0, cpu -1, no group, close-on-exec), created
/// disabled. `type` and `config` are `perf_event_attr`'s; `exclude_kernel` sets both
/// `exclude_kernel` and `exclude_hv` (user space only: what perf_event_paranoid 2 allows without
/// CAP_PERFMON); `read_format` is the `PERF_FORMAT_*` bits. Returns the fd, or a negative errno.
int ringlog_perf_event_open(uint32_t type, uint64_t config, int exclude_kernel, uint64_t read_format);
/// ioctl PERF_EVENT_IOC_ENABLE, _DISABLE, _RESET on one event. Return 0 or an errno value.
int ringlog_perf_event_enable(int fd);
int ringlog_perf_event_disable(int fd);
int ringlog_perf_event_reset(int fd);
/// read(2) of an event opened with read_format TOTAL_TIME_ENABLED | TOTAL_TIME_RUNNING:
/// out[0] the count, out[1] time enabled, out[2] time running (ns). Returns 0 or an errno value
/// (EIO when the kernel returned fewer bytes).
int ringlog_perf_event_read(int fd, uint64_t out[3]);

/// For tests of the unprivileged path: drops CAP_PERFMON and CAP_SYS_ADMIN from the calling
/// thread's effective capabilities (capset acts on one thread; the permitted set keeps them).
/// Returns 0 or an errno value.
int ringlog_drop_perfmon_capabilities(void);

/// 1 when this code was built with ThreadSanitizer.
int ringlog_tsan_enabled(void);
/// Seqlock-style optimistic readers read bytes a writer may be overwriting and validate
/// afterwards; under ThreadSanitizer those reads are reported as races by design. These
/// bracket such a region on the calling thread (no-ops without ThreadSanitizer).
void ringlog_tsan_ignore_reads_begin(void);
void ringlog_tsan_ignore_reads_end(void);

/// Spin-loop hint: x86 `pause`, Arm `yield`. Inlined into Swift callers.
static inline void ringlog_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/// Read-prefetch hint for the line holding `address` (never faults). Inlined into Swift callers.
static inline void ringlog_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// Write-prefetch hint for the line holding `address` (never faults): `prefetchw` where the
/// target has it, a read prefetch otherwise. Inlined into Swift callers.
static inline void ringlog_prefetch_write(const void *address) {
#if defined(__x86_64__)
    /* prefetchw (PRFCHW): fetch the line in exclusive state. A NOP on x86 CPUs without it. */
    __asm__ __volatile__("prefetchw %0" : : "m"(*(const char *)address));
#else
    __builtin_prefetch(address, 1, 3);
#endif
}

#ifdef __cplusplus
}
#endif

#endif

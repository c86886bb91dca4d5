#include "ringlog_shims.h"

#include <errno.h>
#include <stdint.h>
#include <linux/capability.h>
#include <linux/futex.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

// ---------------------------------------------------------------- mirrored mapping

#ifndef MFD_HUGETLB
#define MFD_HUGETLB 0x0004U
#endif
#ifndef MFD_HUGE_2MB
#define MFD_HUGE_2MB (21U << 26) // log2(2 MiB) << MFD_HUGE_SHIFT, as in <linux/memfd.h>
#endif

// Maps `fd` (already `capacity` bytes long) twice, back to back, at an address aligned to
// `align` (a power of two; huge pages need their own size as alignment). Closes `fd`.
static void *mirror_fd(int fd, size_t capacity, size_t align, int *error_out) {
    // Reserve 2 * capacity + align of address space, keep an aligned 2 * capacity window.
    size_t reserve = 2 * capacity + align;
    unsigned char *raw = mmap(NULL, reserve, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) { *error_out = errno; close(fd); return NULL; }
    unsigned char *base = (unsigned char *)(((uintptr_t)raw + align - 1) & ~(uintptr_t)(align - 1));
    if (base > raw) munmap(raw, (size_t)(base - raw));
    size_t tail = (size_t)(raw + reserve - (base + 2 * capacity));
    if (tail > 0) munmap(base + 2 * capacity, tail);
    void *lo = mmap(base, capacity, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
    int saved = errno;
    void *hi = lo == base ? mmap(base + capacity, capacity, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0) : MAP_FAILED;
    if (hi == MAP_FAILED && lo == base) saved = errno;
    close(fd); // the mappings keep the memory alive
    if (lo != base || hi != base + capacity) {
        munmap(base, 2 * capacity);
        *error_out = saved ? saved : EINVAL;
        return NULL;
    }
    return base;
}

void *ringlog_mirror_map(size_t capacity, int *error_out) {
    *error_out = 0;
    int fd = memfd_create("ringlog-partition", MFD_CLOEXEC);
    if (fd < 0) { *error_out = errno; return NULL; }
    if (ftruncate(fd, (off_t)capacity) != 0) { *error_out = errno; close(fd); return NULL; }
    // 2 MiB alignment lets the kernel use transparent huge pages where shmem THP is enabled.
    size_t align = capacity % (2u << 20) == 0 ? (2u << 20) : ringlog_page_size();
    void *base = mirror_fd(fd, capacity, align, error_out);
    if (base && align == (2u << 20)) {
        // Only a hint: honoured when /sys/kernel/mm/transparent_hugepage/shmem_enabled is
        // `advise` (or `always`/`within_size`), ignored otherwise. Failure is harmless.
        (void)madvise(base, 2 * capacity, MADV_HUGEPAGE);
    }
    return base;
}

void *ringlog_mirror_map_hugetlb(size_t capacity, int *error_out) {
    *error_out = 0;
    size_t huge = 2u << 20;
    if (capacity == 0 || capacity % huge != 0) { *error_out = EINVAL; return NULL; }
    int fd = memfd_create("ringlog-partition-hugetlb", MFD_CLOEXEC | MFD_HUGETLB | MFD_HUGE_2MB);
    if (fd < 0) { *error_out = errno; return NULL; }
    if (ftruncate(fd, (off_t)capacity) != 0) { *error_out = errno; close(fd); return NULL; }
    // Shared hugetlb mappings reserve their pages at mmap time, so a pool that is too small
    // fails here with ENOMEM instead of with SIGBUS on a later first touch.
    return mirror_fd(fd, capacity, huge, error_out);
}

void ringlog_mirror_unmap(void *base, size_t capacity) {
    if (base) munmap(base, 2 * capacity);
}

size_t ringlog_page_size(void) {
    long p = sysconf(_SC_PAGESIZE);
    return p > 0 ? (size_t)p : 4096;
}

// ---------------------------------------------------------------- futex

int ringlog_futex_wait(uint32_t *address, uint32_t expected, int64_t timeout_ns) {
    struct timespec ts, *tsp = NULL;
    if (timeout_ns >= 0) {
        ts.tv_sec = (time_t)(timeout_ns / 1000000000);
        ts.tv_nsec = (long)(timeout_ns % 1000000000);
        tsp = &ts;
    }
    long r = syscall(SYS_futex, address, FUTEX_WAIT_PRIVATE, expected, tsp, NULL, 0);
    return r == 0 ? 0 : errno;
}

int ringlog_futex_wake(uint32_t *address, int count) {
    long r = syscall(SYS_futex, address, FUTEX_WAKE_PRIVATE, count, NULL, NULL, 0);
    return r < 0 ? 0 : (int)r;
}

// ---------------------------------------------------------------- CRC32C

static uint32_t crc32c_table[8][256];
static int crc32c_mode = 0; // 0 unknown, 1 table, 2 hardware

static void crc32c_init_table(void) {
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : (c >> 1);
        crc32c_table[0][n] = c;
    }
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = crc32c_table[0][n];
        for (int t = 1; t < 8; t++) {
            c = crc32c_table[0][c & 0xff] ^ (c >> 8);
            crc32c_table[t][n] = c;
        }
    }
}

__attribute__((noinline))
static uint32_t crc32c_software(uint32_t crc, const unsigned char *p, size_t n) {
    while (n && ((uintptr_t)p & 7)) { crc = crc32c_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8); n--; }
    while (n >= 8) {
        uint64_t w;
        __builtin_memcpy(&w, p, 8);
        w ^= crc;
        crc = crc32c_table[7][w & 0xff] ^ crc32c_table[6][(w >> 8) & 0xff] ^
              crc32c_table[5][(w >> 16) & 0xff] ^ crc32c_table[4][(w >> 24) & 0xff] ^
              crc32c_table[3][(w >> 32) & 0xff] ^ crc32c_table[2][(w >> 40) & 0xff] ^
              crc32c_table[1][(w >> 48) & 0xff] ^ crc32c_table[0][w >> 56];
        p += 8; n -= 8;
    }
    while (n--) crc = crc32c_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return crc;
}

#if defined(__x86_64__)
// Takes and returns the CRC uninverted (the pre- and post-inversion happen here) so that the
// dispatcher's call is a tail call.
__attribute__((target("sse4.2"), noinline))
static uint32_t crc32c_hardware(uint32_t crc, const void *data, size_t n) {
    const unsigned char *p = (const unsigned char *)data;
    uint64_t c = ~crc;
    // Eight words per turn, then single words, then a 4/2/1-byte tail: the ~70-byte payloads the
    // harness checks per message take one turn, no single word and one tail step, so few loop
    // branches (the crc32 chain is serial either way).
#pragma clang loop unroll(disable)
    while (n >= 64) {
        uint64_t w[8];
        __builtin_memcpy(w, p, 64);
        c = __builtin_ia32_crc32di(c, w[0]);
        c = __builtin_ia32_crc32di(c, w[1]);
        c = __builtin_ia32_crc32di(c, w[2]);
        c = __builtin_ia32_crc32di(c, w[3]);
        c = __builtin_ia32_crc32di(c, w[4]);
        c = __builtin_ia32_crc32di(c, w[5]);
        c = __builtin_ia32_crc32di(c, w[6]);
        c = __builtin_ia32_crc32di(c, w[7]);
        p += 64; n -= 64;
    }
#pragma clang loop unroll(disable)
    while (n >= 8) { uint64_t w; __builtin_memcpy(&w, p, 8); c = __builtin_ia32_crc32di(c, w); p += 8; n -= 8; }
    uint32_t c32 = (uint32_t)c;
    if (n & 4) { uint32_t w; __builtin_memcpy(&w, p, 4); c32 = __builtin_ia32_crc32si(c32, w); p += 4; }
    if (n & 2) { uint16_t w; __builtin_memcpy(&w, p, 2); c32 = __builtin_ia32_crc32hi(c32, w); p += 2; }
    if (n & 1) c32 = __builtin_ia32_crc32qi(c32, *p);
    return ~c32;
}
#endif

// The table path with the same convention as the hardware one (CRC in and out uninverted).
static uint32_t crc32c_table_path(uint32_t crc, const void *data, size_t length) {
    return ~crc32c_software(~crc, (const unsigned char *)data, length);
}

static void crc32c_select(void) {
    crc32c_init_table();
    int mode = 1;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("sse4.2")) mode = 2;
#endif
    __atomic_store_n(&crc32c_mode, mode, __ATOMIC_RELEASE);
}

static pthread_once_t crc32c_once = PTHREAD_ONCE_INIT;

// First use (CPU detection) and the table path: out of line, so that the common case below
// is a bare tail call.
__attribute__((noinline))
static uint32_t crc32c_dispatch_slow(uint32_t crc, const void *data, size_t length) {
    return ringlog_crc32c_resolve()(crc, data, length);
}

uint32_t ringlog_crc32c(uint32_t crc, const void *data, size_t length) {
#if defined(__x86_64__)
    if (__builtin_expect(__atomic_load_n(&crc32c_mode, __ATOMIC_ACQUIRE) == 2, 1)) {
        return crc32c_hardware(crc, data, length);
    }
#endif
    return crc32c_dispatch_slow(crc, data, length);
}

ringlog_crc32c_fn ringlog_crc32c_resolve(void) {
    pthread_once(&crc32c_once, crc32c_select);
#if defined(__x86_64__)
    if (__atomic_load_n(&crc32c_mode, __ATOMIC_ACQUIRE) == 2) return crc32c_hardware;
#endif
    return crc32c_table_path;
}

ringlog_crc32c_fn ringlog_crc32c_table(void) {
    pthread_once(&crc32c_once, crc32c_select);
    return crc32c_table_path;
}

int ringlog_crc32c_is_hardware(void) {
    pthread_once(&crc32c_once, crc32c_select);
    return __atomic_load_n(&crc32c_mode, __ATOMIC_ACQUIRE) == 2;
}

// ---------------------------------------------------------------- affinity

int ringlog_pin_current_thread(int cpu) {
    if (cpu < 0 || cpu >= RINGLOG_CPU_LIMIT) return EINVAL;
    cpu_set_t *set = CPU_ALLOC(RINGLOG_CPU_LIMIT);
    if (!set) return ENOMEM;
    size_t size = CPU_ALLOC_SIZE(RINGLOG_CPU_LIMIT);
    CPU_ZERO_S(size, set);
    CPU_SET_S((size_t)cpu, size, set);
    int rc = pthread_setaffinity_np(pthread_self(), size, set);
    CPU_FREE(set);
    return rc;
}

// Reads an affinity mask with `get` (0 or an errno value), growing the mask while the kernel's is
// larger (EINVAL), and writes the ids of its CPUs, ascending, to cpus[0..<max].
static int affinity_cpus(int (*get)(size_t, cpu_set_t *), int *cpus, int max) {
    for (int bits = RINGLOG_CPU_LIMIT; bits <= (1 << 20); bits *= 2) {
        cpu_set_t *set = CPU_ALLOC(bits);
        if (!set) return -ENOMEM;
        size_t size = CPU_ALLOC_SIZE(bits);
        CPU_ZERO_S(size, set);
        int rc = get(size, set);
        if (rc == EINVAL) { CPU_FREE(set); continue; }
        if (rc != 0) { CPU_FREE(set); return -rc; }
        int count = 0;
        for (int c = 0; c < bits; c++) {
            if (!CPU_ISSET_S((size_t)c, size, set)) continue;
            if (count < max) cpus[count] = c;
            count++;
        }
        CPU_FREE(set);
        return count;
    }
    return -EINVAL;
}

static int process_affinity(size_t size, cpu_set_t *set) {
    // The thread group leader's mask: what `taskset` sets for a command and reads for a pid.
    return sched_getaffinity(getpid(), size, set) == 0 ? 0 : errno;
}

static int thread_affinity(size_t size, cpu_set_t *set) {
    return pthread_getaffinity_np(pthread_self(), size, set);
}

int ringlog_available_cpus(int *cpus, int max) { return affinity_cpus(process_affinity, cpus, max); }

int ringlog_thread_cpus(int *cpus, int max) { return affinity_cpus(thread_affinity, cpus, max); }

int ringlog_current_cpu(void) { return sched_getcpu(); }

// ---------------------------------------------------------------- perf events

int ringlog_perf_event_open(uint32_t type, uint64_t config, int exclude_kernel, uint64_t read_format) {
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = type;
    attr.config = config;
    attr.disabled = 1;
    attr.exclude_kernel = exclude_kernel ? 1 : 0;
    attr.exclude_hv = exclude_kernel ? 1 : 0;
    attr.read_format = read_format;
    long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    return fd < 0 ? -errno : (int)fd;
}

int ringlog_perf_event_enable(int fd) { return ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) == 0 ? 0 : errno; }
int ringlog_perf_event_disable(int fd) { return ioctl(fd, PERF_EVENT_IOC_DISABLE, 0) == 0 ? 0 : errno; }
int ringlog_perf_event_reset(int fd) { return ioctl(fd, PERF_EVENT_IOC_RESET, 0) == 0 ? 0 : errno; }

int ringlog_perf_event_read(int fd, uint64_t out[3]) {
    ssize_t n;
    do { n = read(fd, out, 3 * sizeof(uint64_t)); } while (n < 0 && errno == EINTR);
    if (n < 0) return errno;
    return n == (ssize_t)(3 * sizeof(uint64_t)) ? 0 : EIO;
}

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif

int ringlog_drop_perfmon_capabilities(void) {
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &header, data) != 0) return errno;
    data[CAP_SYS_ADMIN / 32].effective &= ~(1u << (CAP_SYS_ADMIN % 32));
    data[CAP_PERFMON / 32].effective &= ~(1u << (CAP_PERFMON % 32));
    return syscall(SYS_capset, &header, data) == 0 ? 0 : errno;
}

// ---------------------------------------------------------------- ThreadSanitizer

#if defined(__has_feature)
#  if __has_feature(thread_sanitizer)
#    define RINGLOG_TSAN 1
#  endif
#endif
#if defined(__SANITIZE_THREAD__)
#  define RINGLOG_TSAN 1
#endif

#ifdef RINGLOG_TSAN
void AnnotateIgnoreReadsBegin(const char *file, int line);
void AnnotateIgnoreReadsEnd(const char *file, int line);
int ringlog_tsan_enabled(void) { return 1; }
void ringlog_tsan_ignore_reads_begin(void) { AnnotateIgnoreReadsBegin(__FILE__, __LINE__); }
void ringlog_tsan_ignore_reads_end(void) { AnnotateIgnoreReadsEnd(__FILE__, __LINE__); }
#else
int ringlog_tsan_enabled(void) { return 0; }
void ringlog_tsan_ignore_reads_begin(void) {}
void ringlog_tsan_ignore_reads_end(void) {}
#endif

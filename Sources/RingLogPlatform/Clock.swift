#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock time in nanoseconds since the Unix epoch (`CLOCK_REALTIME`), the unit of record
/// timestamps. One vDSO call, no allocation; the engine reads it once per batch.
@inlinable
public func wallClockNanoseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec)
}

/// Monotonic time in nanoseconds (`CLOCK_MONOTONIC`), for measuring latencies.
@inlinable
public func monotonicNanoseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec)
}

/// Monotonic time in nanoseconds at the kernel tick's resolution (`CLOCK_MONOTONIC_COARSE`,
/// a few milliseconds): a plain read of a kernel-updated value through the vDSO, cheaper than
/// `monotonicNanoseconds()`. For checks that are due every second or so on a hot path
/// (auto-commit, time retention), never for latencies.
@inlinable
public func coarseMonotonicNanoseconds() -> Int64 {
    var ts = timespec()
    #if os(Linux)
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts)
    #else
    clock_gettime(CLOCK_MONOTONIC, &ts)
    #endif
    return Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec)
}

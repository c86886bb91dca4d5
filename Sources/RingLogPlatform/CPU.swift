import _RingLogCShims

/// Processor hints.
public enum CPU {
    /// The spin-loop hint (`pause` on x86), inlined.
    @inlinable @inline(__always)
    public static func relax() { ringlog_cpu_relax() }

    /// Asks the cache to start loading the line holding `address` (a hint: it never faults,
    /// whatever the address). Inlined.
    @inlinable @inline(__always)
    public static func prefetch(_ address: UnsafeRawPointer) { ringlog_prefetch(address) }

    /// Asks the cache to start fetching the line holding `address` for writing (a hint).
    @inlinable @inline(__always)
    public static func prefetchForWrite(_ address: UnsafeRawPointer) { ringlog_prefetch_write(address) }
}

import _RingLogCShims

/// Processor hints.
public enum CPU {
    /// The spin-loop hint (`pause` on x86), inlined.
    @inlinable @inline(__always)
    public static func relax() { ringlog_cpu_relax() }
}

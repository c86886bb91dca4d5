import _RingLogCShims

/// Hooks for optimistic (seqlock-style) readers under ThreadSanitizer. A reader of an
/// overwrite-mode partition may read bytes the producer is overwriting and then discards them
/// after validation; TSan would report that read as a race although it is detected and never
/// returned as valid. Tests that deliberately provoke lapping bracket their reads with these.
public enum ThreadSanitizer {
    public static var isEnabled: Bool { ringlog_tsan_enabled() != 0 }

    /// Runs `body` with ThreadSanitizer ignoring plain reads on this thread.
    @inlinable
    public static func ignoringReads<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        ringlog_tsan_ignore_reads_begin()
        defer { ringlog_tsan_ignore_reads_end() }
        return try body()
    }
}

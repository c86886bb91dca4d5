import _RingLogCShims

/// Thin wrappers over Linux futex for parking threads on a 32-bit word.
/// The word must stay at a fixed address (use `AlignedMemory`).
public enum Futex {
    /// Sleeps while `word.pointee == expected`, at most `timeoutNanoseconds` (nil: forever).
    /// Returns early on wake-up, value change or signal; callers re-check their condition.
    @inlinable
    public static func wait(_ word: UnsafeMutablePointer<UInt32>, expected: UInt32, timeoutNanoseconds: Int64?) {
        _ = ringlog_futex_wait(word, expected, timeoutNanoseconds ?? -1)
    }

    /// Wakes every thread parked on `word`.
    @inlinable
    public static func wakeAll(_ word: UnsafeMutablePointer<UInt32>) {
        _ = ringlog_futex_wake(word, Int32.max)
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// A value behind a `PThreadMutex` (group membership, commits, topic creation, run results).
///
/// Thread-safety: `withLock` may be called from any thread; it is not reentrant.
public final class LockedValue<Value>: @unchecked Sendable {
    @usableFromInline let mutex = PThreadMutex()
    @usableFromInline var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    @inlinable
    public func withLock<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R {
        mutex.lock()
        defer { mutex.unlock() }
        return try body(&value)
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// A value behind a pthread mutex, for cold paths (group membership, commits, topic creation).
///
/// Why not `Synchronization.Mutex`: on Linux it is opaque to ThreadSanitizer (the sanitizer
/// reports every access it protects as a race), and it is slow under contention there; glibc's
/// pthread mutex is intercepted by the sanitizer and parks contended waiters in the kernel.
///
/// Thread-safety: `withLock` may be called from any thread; it is not reentrant.
public final class LockedValue<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    public init(_ value: Value) {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        self.value = value
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    @inlinable
    public func withLock<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R {
        _lock()
        defer { _unlock() }
        return try _withValue(body)
    }

    @usableFromInline func _lock() { pthread_mutex_lock(mutex) }
    @usableFromInline func _unlock() { pthread_mutex_unlock(mutex) }
    @usableFromInline func _withValue<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R { try body(&value) }
}

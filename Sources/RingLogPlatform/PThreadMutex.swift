#if canImport(Glibc)
import Glibc
#endif

/// A glibc pthread mutex, for cold paths and for the mutex queue baseline.
///
/// Why not `Synchronization.Mutex` everywhere: on Linux it is opaque to ThreadSanitizer (the
/// sanitizer reports every access it protects as a race); glibc's pthread mutex is intercepted
/// by the sanitizer and parks contended waiters in the kernel.
///
/// Thread-safety: any thread; not reentrant.
public final class PThreadMutex: @unchecked Sendable {
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>

    public init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    @inlinable public func lock() { pthread_mutex_lock(mutex) }
    @inlinable public func unlock() { pthread_mutex_unlock(mutex) }

    /// Runs `body` holding the mutex.
    @inlinable
    public func withLock<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        lock()
        defer { unlock() }
        return try body()
    }
}

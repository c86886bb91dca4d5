import Synchronization
import RingLogPlatform

/// Which lock guards a `MutexQueue`.
public enum QueueLock: String, Sendable, CaseIterable {
    /// glibc's pthread mutex: a futex with a short user-space fast path. The default: on Linux
    /// it holds up under contention and ThreadSanitizer understands it.
    case pthread
    /// The standard library's `Synchronization.Mutex`, for comparison.
    case stdlib
}

import RingLog
import RingLogQueue
import RingLogPlatform

/// Moves a value to the thread that will own it (the runner creates producers and consumers,
/// then each is used by exactly one thread).
final class _HandOver<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

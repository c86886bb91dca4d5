#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import RingLogPlatform

/// Counts of what waiting threads did, for the harness's reports.
public struct WaitCounters: Sendable, Equatable {
    public var spins: Int = 0
    public var yields: Int = 0
    public var parks: Int = 0
    public init() {}
}

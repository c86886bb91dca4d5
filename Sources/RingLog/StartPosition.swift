import RingLogPlatform
import Synchronization

/// Where a new reader starts.
public enum StartPosition: Sendable, Equatable {
    /// The log start offset (the oldest record still in the ring).
    case earliest
    /// The high watermark: only records appended from now on.
    case latest
    /// A given offset (between the log start and the high watermark).
    case offset(Int64)
}

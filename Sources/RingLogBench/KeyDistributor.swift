import Foundation
import RingLog
import RingLogPlatform

/// How producers pick message keys (OMB's `keyDistributor`).
public enum KeyDistributor: String, Sendable, CaseIterable {
    /// Null keys: partitions chosen by the sticky partitioner.
    case noKey = "NO_KEY"
    /// Cycles through 10,000 random 7-byte keys.
    case keyRoundRobin = "KEY_ROUND_ROBIN"
    /// Key index = |nanoTime % 10,000|.
    case randomNano = "RANDOM_NANO"
}

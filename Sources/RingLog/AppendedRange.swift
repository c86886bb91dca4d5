import Synchronization
import RingLogPlatform

/// The offsets a successful append got: `baseOffset ..< baseOffset + count`.
@frozen
public struct AppendedRange: Sendable, Equatable {
    public let baseOffset: Int64
    public let count: Int
    @inlinable public init(baseOffset: Int64, count: Int) {
        self.baseOffset = baseOffset
        self.count = count
    }
    /// One past the last offset.
    @inlinable public var endOffset: Int64 { baseOffset &+ Int64(count) }
}

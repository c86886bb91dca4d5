/// The fields of a reader cursor's line (line `_ControlField.firstCursorLine + slot`): the
/// shared position and offset, then the reading thread's private cache.
@usableFromInline
enum _CursorField: CaseIterable {
    /// Atomic<UInt64>: bytes read so far; `UInt64.max` marks a free slot.
    case position
    /// Atomic<Int64>: the next offset to read.
    case offset
    /// Plain Int64, UInt64, UInt64, Int64 of the reading thread: the high watermark it last
    /// loaded, the registration epoch it waits to see acknowledged, the published end loaded
    /// with that high watermark, the base timestamp of the batch its position lies in.
    case cachedHighWatermark, pendingEpoch, cachedPublishedEnd, baseTimestamp

    @inlinable var byteOffset: Int {
        switch self {
        case .position: return 0
        case .offset: return 8
        case .cachedHighWatermark: return 16
        case .pendingEpoch: return 24
        case .cachedPublishedEnd: return 32
        case .baseTimestamp: return 40
        }
    }

    /// Whether other threads read the field (atomic), or only the reading thread (plain).
    var isAtomic: Bool { self == .position || self == .offset }

    var initialValue: UInt64 { self == .position ? UInt64.max : 0 }
}

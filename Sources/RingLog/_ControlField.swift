/// The shared fields of a partition's control block: where each lives (128-byte line, byte
/// offset in it), how wide it is and what it starts as. `_ControlBlock.init` initializes every
/// case and its accessors read the same table; the layout comment in _ControlBlock.swift
/// says who writes each field and why it sits where it does.
@usableFromInline
enum _ControlField: CaseIterable {
    // line 0: published by the producer per batch
    case highWatermark, publishedEnd
    // line 1
    case frontier
    // line 2
    case published
    // line 3: single-producer state
    case cachedLimit, gatingEpochAck
    // line 4: multi-producer claims
    case claim, gatingCache
    // lines 5 and 6: futex event counts (epoch and waiters, two UInt32 each)
    case dataSignalEpoch, dataSignalWaiters, spaceSignalEpoch, spaceSignalWaiters
    // line 7: state and slow-path counters
    case closed, readerSlotsHighWater, waitEpisodes, waitSpins, waitYields, waitParks, gatingEpoch, largestBatch
    // line 8: written by whoever computes the log start
    case logStartHint

    /// The line of the first reader cursor (`_CursorField`); the shared fields sit below it.
    @inlinable static var firstCursorLine: Int { 9 }

    @inlinable var line: Int {
        switch self {
        case .highWatermark, .publishedEnd: return 0
        case .frontier: return 1
        case .published: return 2
        case .cachedLimit, .gatingEpochAck: return 3
        case .claim, .gatingCache: return 4
        case .dataSignalEpoch, .dataSignalWaiters: return 5
        case .spaceSignalEpoch, .spaceSignalWaiters: return 6
        case .closed, .readerSlotsHighWater, .waitEpisodes, .waitSpins, .waitYields, .waitParks, .gatingEpoch, .largestBatch: return 7
        case .logStartHint: return 8
        }
    }

    /// Bytes from the start of the field's line.
    @inlinable var byteOffset: Int {
        switch self {
        case .highWatermark, .frontier, .published, .claim, .dataSignalEpoch, .spaceSignalEpoch, .closed, .logStartHint: return 0
        case .dataSignalWaiters, .spaceSignalWaiters: return 4
        case .publishedEnd, .gatingCache, .readerSlotsHighWater: return 8
        case .cachedLimit, .waitEpisodes: return 16
        case .gatingEpochAck, .waitSpins: return 24
        case .waitYields: return 32
        case .waitParks: return 40
        case .gatingEpoch: return 48
        case .largestBatch: return 56
        }
    }

    /// Bytes: 8 (Atomic<UInt64> or Atomic<Int64>), 4 (Atomic<UInt32>) or 1 (Atomic<UInt8>).
    var width: Int {
        switch self {
        case .dataSignalEpoch, .dataSignalWaiters, .spaceSignalEpoch, .spaceSignalWaiters: return 4
        case .closed: return 1
        default: return 8
        }
    }

    /// The value at creation: 0, except the largest batch (a single append's one record).
    var initialValue: UInt64 { self == .largestBatch ? 1 : 0 }

    /// The signal whose epoch word starts at this field's line (`_Signal` reads both words).
    @inlinable static var dataSignal: _ControlField { .dataSignalEpoch }
    @inlinable static var spaceSignal: _ControlField { .spaceSignalEpoch }
}

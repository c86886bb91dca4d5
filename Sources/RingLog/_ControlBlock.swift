import Synchronization
import RingLogPlatform

// MARK: - The control block
//
// A partition owns three allocations, made once at creation and never grown: the ring and
// the offset index (`_RingBytes`), and the control block (`_ControlBlock`). Frames in the ring
// are laid out by `_Frame`. These three files are where the layout is defined.
//
// 2. The control block: 128-byte lines (`AlignedMemory`), each written by one side only:
//
//      line 0  high watermark   Atomic<Int64>  next offset to publish (Kafka HW / LEO). The producer's
//                               release store per batch; readers' acquire load.
//                               Atomic<UInt64> published end: the byte position just past the frames
//                               below the high watermark, stored (relaxed) before it. Readers use it
//                               as a prefetch bound, and seeks to reject index slots already written
//                               for records not yet published; what is readable is the high
//                               watermark's business alone.
//      line 1  write frontier   Atomic<UInt64> bytes reserved for writing so far. Stored *before* the
//                               bytes are written, so a reader can tell afterwards whether what it
//                               read may have been overwritten (seqlock check). Own line: registered
//                               readers of a single-producer `block` partition never touch it.
//                               Multi-producer overwrite: also the claim counter (fetch-add);
//                               multi-producer block: raised (atomic max) once a claim passed its
//                               space check.
//      line 2  published        Atomic<UInt64> end of the last published reservation (multi-producer chain)
//      line 3  producer-local   (fields 0-1 unused), Atomic<UInt64> cachedLimit (slowest reader +
//                               capacity), Atomic<UInt64> gatingEpochAck (last reader-registration
//                               epoch seen). A single producer keeps no tail or next offset of its
//                               own: they are the published end and the high watermark, which only
//                               it stores (one store each per batch, not two).
//      line 4  claims           Atomic<UInt64> claim counter (multi-producer block: space claimed,
//                               possibly not yet free), Atomic<UInt64> gating cache: cached limit
//                               (multi-producer, shared)
//      line 5  data signal      Atomic<UInt32> epoch (futex word), Atomic<UInt32> waiters: parked readers
//      line 6  space signal     Atomic<UInt32> epoch (futex word), Atomic<UInt32> waiters: parked producers
//      line 7  state            Atomic<UInt8> closed, Atomic<UInt64> readerSlotsHighWater,
//                               Atomic<UInt64> producer waits / spins / yields / parks (slow path),
//                               Atomic<UInt64> gatingEpoch (bumped when a reader registers or seeks),
//                               Atomic<UInt64> largestBatch (the most records a published batch held;
//                               stored before that batch's high watermark, only when it grows)
//      line 8  log start hint   Atomic<Int64> a batch start (or high watermark) below which a search for
//                               the log start found every offset overwritten (0 until one did). Stored
//                               (relaxed) by readers, not the producer, when it beats the value they
//                               loaded (so a racing store may lower it); what falls below the log start
//                               never comes back, so every value it holds is a lower bound of the log
//                               start, where the next search can begin.
//      line 9+i reader cursor i Atomic<UInt64> position (bytes; UInt64.max = free slot), Atomic<Int64> offset,
//                               then the reader's private state (plain memory of the reading thread):
//                               Int64 cachedHighWatermark, UInt64 pendingEpoch, UInt64 cachedPublishedEnd
//                               (the published end loaded with the cached high watermark), Int64
//                               baseTimestamp (of the batch the position lies in). Kept here, not in the
//                               PartitionReader object, because heap objects cannot be aligned and a
//                               field written on every poll must not share a line with anything else.
//

/// The control block: every shared counter of a partition, each on its own 128-byte line.
/// This is the only type that turns the raw allocation into typed pointers.
@usableFromInline
struct _ControlBlock: @unchecked Sendable {
    // Computed, not `static let`: a stored static is a lazily initialised global whose every
    // use goes through an addressor call; these fold to immediates.
    @inlinable static var line: Int { 128 }
    @inlinable static var firstCursorLine: Int { _ControlField.firstCursorLine }

    @usableFromInline let base: UnsafeMutableRawPointer
    @usableFromInline let maxReaders: Int

    @inlinable
    static func byteCount(maxReaders: Int) -> Int { (firstCursorLine + maxReaders) * line }

    /// Binds and initializes every field of `memory` (which must be `byteCount(maxReaders:)` long),
    /// as `_ControlField` and `_CursorField` lay them out.
    init(memory: AlignedMemory, maxReaders: Int) {
        base = memory.base
        self.maxReaders = maxReaders
        for field in _ControlField.allCases {
            let address = base + field.line * Self.line + field.byteOffset
            switch field.width {
            case 8: address.bindMemory(to: Atomic<UInt64>.self, capacity: 1).initialize(to: Atomic(field.initialValue))
            case 4: address.bindMemory(to: Atomic<UInt32>.self, capacity: 1).initialize(to: Atomic(UInt32(field.initialValue)))
            default: address.bindMemory(to: Atomic<UInt8>.self, capacity: 1).initialize(to: Atomic(UInt8(field.initialValue)))
            }
        }
        for i in 0..<maxReaders {
            let line = cursorLine(i)
            for field in _CursorField.allCases {
                let address = line + field.byteOffset
                if field.isAtomic {
                    address.bindMemory(to: Atomic<UInt64>.self, capacity: 1).initialize(to: Atomic(field.initialValue))
                } else {
                    address.bindMemory(to: UInt64.self, capacity: 1).initialize(to: field.initialValue)
                }
            }
        }
    }

    // Wrapping arithmetic: lines and offsets are small constants.
    @inlinable func atomic64(_ field: _ControlField) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (base + (field.line &* Self.line &+ field.byteOffset)).assumingMemoryBound(to: Atomic<UInt64>.self)
    }

    @inlinable var highWatermark: UnsafeMutablePointer<Atomic<Int64>> {
        UnsafeMutableRawPointer(atomic64(.highWatermark)).assumingMemoryBound(to: Atomic<Int64>.self)
    }
    /// Byte position just past the frames below the high watermark: readers' prefetch bound and
    /// the limit of index positions a seek trusts.
    @inlinable var publishedEnd: UnsafeMutablePointer<Atomic<UInt64>> { atomic64(.publishedEnd) }
    @inlinable var frontier: UnsafeMutablePointer<Atomic<UInt64>> { atomic64(.frontier) }
    @inlinable var published: UnsafeMutablePointer<Atomic<UInt64>> { atomic64(.published) }
    @inlinable var cachedLimit: UnsafeMutablePointer<Atomic<UInt64>> { atomic64(.cachedLimit) }
    @inlinable var gatingEpochAck: UnsafeMutablePointer<Atomic<UInt64>> { atomic64(.gatingEpochAck) }
    @inlinable var claim: UnsafeMutablePointer<Atomic<UInt64>> { atomic64(.claim) }
    @inlinable var gatingCache: UnsafeMutablePointer<Atomic<UInt64>> { atomic64(.gatingCache) }
    @inlinable var dataSignal: _Signal { _Signal(base: base + _ControlField.dataSignal.line &* Self.line) }
    @inlinable var spaceSignal: _Signal { _Signal(base: base + _ControlField.spaceSignal.line &* Self.line) }
    @inlinable var closed: UnsafeMutablePointer<Atomic<UInt8>> {
        (base + _ControlField.closed.line &* Self.line).assumingMemoryBound(to: Atomic<UInt8>.self)
    }
    /// One past the highest reader slot ever used: the gating scan stops there.
    @inlinable var readerSlotsHighWater: UnsafeMutablePointer<Atomic<UInt64>> { atomic64(.readerSlotsHighWater) }
    /// Producer wait counters: 0 episodes, 1 spins, 2 yields, 3 parks.
    @inlinable func producerWaitCounter(_ i: Int) -> UnsafeMutablePointer<Atomic<UInt64>> { (atomic64(.waitEpisodes) + i) }
    @inlinable var gatingEpoch: UnsafeMutablePointer<Atomic<UInt64>> { atomic64(.gatingEpoch) }
    /// The most records a published batch has held (at least 1): how far below an offset a seek
    /// looks for its batch's index slot.
    @inlinable var largestBatch: UnsafeMutablePointer<Atomic<UInt64>> { atomic64(.largestBatch) }
    /// A log start found earlier, where the next search for it starts (`_logStart`).
    @inlinable var logStartHint: UnsafeMutablePointer<Atomic<Int64>> {
        UnsafeMutableRawPointer(atomic64(.logStartHint)).assumingMemoryBound(to: Atomic<Int64>.self)
    }
    /// Reader cursor `slot`'s line; its fields follow.
    @inlinable func cursorLine(_ slot: Int) -> UnsafeMutableRawPointer {
        base + (Self.firstCursorLine &+ slot) &* Self.line
    }
    @inlinable func cursorPosition(_ slot: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        Self.cursorPosition(cursorLine(slot))
    }
    @inlinable static func cursorPosition(_ line: UnsafeMutableRawPointer) -> UnsafeMutablePointer<Atomic<UInt64>> {
        line.assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    @inlinable static func cursorOffset(_ line: UnsafeMutableRawPointer) -> UnsafeMutablePointer<Atomic<Int64>> {
        (line + _CursorField.offset.byteOffset).assumingMemoryBound(to: Atomic<Int64>.self)
    }
    @inlinable static func cursorCachedHighWatermark(_ line: UnsafeMutableRawPointer) -> UnsafeMutablePointer<Int64> {
        (line + _CursorField.cachedHighWatermark.byteOffset).assumingMemoryBound(to: Int64.self)
    }
    @inlinable static func cursorPendingEpoch(_ line: UnsafeMutableRawPointer) -> UnsafeMutablePointer<UInt64> {
        (line + _CursorField.pendingEpoch.byteOffset).assumingMemoryBound(to: UInt64.self)
    }
    @inlinable static func cursorCachedPublishedEnd(_ line: UnsafeMutableRawPointer) -> UnsafeMutablePointer<UInt64> {
        (line + _CursorField.cachedPublishedEnd.byteOffset).assumingMemoryBound(to: UInt64.self)
    }
    @inlinable static func cursorBaseTimestamp(_ line: UnsafeMutableRawPointer) -> UnsafeMutablePointer<Int64> {
        (line + _CursorField.baseTimestamp.byteOffset).assumingMemoryBound(to: Int64.self)
    }
}

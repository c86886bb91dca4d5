import RingLogPlatform
import Synchronization

/// A reader's cursor line in the control block: its published position and offset, and its
/// private hot state.
@usableFromInline
struct _Cursor {
    /// The cursor's line in the control block (computed once: polls reach every field from it).
    @usableFromInline let line: UnsafeMutableRawPointer

    @inlinable init(control: _ControlBlock, slot: Int) {
        self.line = control.cursorLine(slot)
    }

    /// relaxed: our own field (only this reader writes it).
    @inlinable var position: UInt64 { positionPointer.pointee.load(ordering: .relaxed) }
    /// relaxed: our own field.
    @inlinable var offset: Int64 { offsetPointer.pointee.load(ordering: .relaxed) }
    @inlinable var positionPointer: UnsafeMutablePointer<Atomic<UInt64>> { _ControlBlock.cursorPosition(line) }
    @inlinable var offsetPointer: UnsafeMutablePointer<Atomic<Int64>> { _ControlBlock.cursorOffset(line) }
    @inlinable var cachedHighWatermark: UnsafeMutablePointer<Int64> { _ControlBlock.cursorCachedHighWatermark(line) }
    /// Non-zero: a registration/seek epoch the producer has not acknowledged yet; until it does,
    /// polls validate their reads (the producer may still run on a limit computed without us).
    @inlinable var pendingEpoch: UnsafeMutablePointer<UInt64> { _ControlBlock.cursorPendingEpoch(line) }
    /// The published end loaded with `cachedHighWatermark`: how far polls may prefetch.
    @inlinable var cachedPublishedEnd: UnsafeMutablePointer<UInt64> { _ControlBlock.cursorCachedPublishedEnd(line) }
    /// The base timestamp of the batch the position lies in (when it lies past the batch's header).
    @inlinable var baseTimestamp: UnsafeMutablePointer<Int64> { _ControlBlock.cursorBaseTimestamp(line) }

    @inlinable @inline(__always)
    func publish(position: UInt64, offset: Int64) {
        // relaxed: read for lag reporting only; stored first so the release below covers it.
        offsetPointer.pointee.store(offset, ordering: .relaxed)
        // releasing: our reads of the released bytes happen-before a producer's overwrite.
        positionPointer.pointee.store(position, ordering: .releasing)
    }
}

import Synchronization
import RingLogPlatform

// MARK: - The offset index
//
// A partition owns three allocations, made once at creation and never grown: the ring and
// the offset index (`_RingBytes`), and the control block (`_ControlBlock`). Frames in the ring
// are laid out by `_Frame`. These three files are where the layout is defined.
//
// 3. The offset index: `capacity / 32` slots of Atomic<UInt64>. Each batch writes one: the slot
//    of its first offset (`offset & mask`) gets the byte position of its batch header, stored
//    before the batch is published (Kafka's sparse index, one entry per batch rather than per
//    4 KiB). A record frame occupies at least 32 bytes, so the ring never holds more records
//    than the index has slots, and a batch (at most half the ring) fewer than half as many:
//    no slot of a batch still in the ring is reused while it is. Only seeks (fetch from an
//    arbitrary offset, log start lookup) read it: they scan the slots from the offset down to
//    its batch's, never further than the largest batch so far holds records (line 7;
//    `PartitionLog._batchStart`), then walk from the batch header to the record. Sequential
//    readers never do.
//

/// The ring bytes and the offset index: raw reads and writes of frames go through here.
@usableFromInline
struct _RingBytes: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutableRawPointer
    @usableFromInline let mask: UInt64
    @usableFromInline let index: UnsafeMutablePointer<Atomic<UInt64>>
    @usableFromInline let indexMask: Int64

    init(memory: MirroredMemory, index: AlignedMemory, indexSlots: Int) {
        base = memory.base
        mask = UInt64(memory.capacity - 1)
        let slots = index.base.bindMemory(to: Atomic<UInt64>.self, capacity: indexSlots)
        for i in 0..<indexSlots { (slots + i).initialize(to: Atomic(0)) }
        self.index = slots
        indexMask = Int64(indexSlots - 1)
    }

    /// The address of byte position `position` (valid for `capacity` bytes from there).
    @inlinable @inline(__always)
    func pointer(at position: UInt64) -> UnsafeMutableRawPointer {
        base + Int(truncatingIfNeeded: position & mask)
    }

    @inlinable @inline(__always)
    func setIndex(offset: Int64, position: UInt64) {
        // relaxed: published to readers by the high-watermark release store that follows.
        index[Int(truncatingIfNeeded: offset & indexMask)].store(position, ordering: .relaxed)
    }

    @inlinable @inline(__always)
    func indexedPosition(of offset: Int64) -> UInt64 {
        // relaxed: the caller loaded the high watermark with acquire first, and validates the frame.
        index[Int(truncatingIfNeeded: offset & indexMask)].load(ordering: .relaxed)
    }
}

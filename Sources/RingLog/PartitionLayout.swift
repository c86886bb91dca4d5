import Synchronization
import RingLogPlatform

// MARK: - The partition's memory layout (the one place it is defined)
//
// A partition owns three allocations, made once at creation and never grown:
//
// 1. The ring: `capacity` bytes (a power of two, a multiple of the page size) mapped twice back
//    to back (`MirroredMemory`), so a frame starting anywhere reads and writes as one
//    contiguous range even when it crosses the end. Byte positions are 64-bit and only grow;
//    a position's bytes live at `position & (capacity - 1)`.
//
// 2. The control block: 128-byte lines (`AlignedMemory`), each written by one side only:
//
//      line 0  publication      Atomic<Int64>  highWatermark   next offset to publish (Kafka HW / LEO)
//                               Atomic<UInt64> frontier        bytes reserved so far: the write frontier.
//                                                              Stored *before* the bytes are written, so a
//                                                              reader can tell afterwards whether its bytes
//                                                              may have been overwritten (seqlock check).
//                                                              Multi-producer: the claim counter (fetch-add).
//      line 1  published        Atomic<UInt64> end of the last published reservation (multi-producer chain)
//      line 2  producer-local   UInt64 tail, Int64 nextOffset (single producer; plain memory),
//                               Atomic<UInt64> cachedLimit (slowest reader + capacity; reset by new readers)
//      line 3  claims           Atomic<UInt64> claim counter (multi-producer block: space claimed,
//                               possibly not yet free), Atomic<UInt64> gating cache: cached limit
//                               as above (multi-producer, shared)
//      line 4  data signal      Atomic<UInt32> epoch (futex word), Atomic<UInt32> waiters: parked readers
//      line 5  space signal     Atomic<UInt32> epoch (futex word), Atomic<UInt32> waiters: parked producers
//      line 6  state            Atomic<UInt8> closed, Atomic<UInt64> readerSlotsHighWater,
//                               Atomic<UInt64> producer waits / spins / yields / parks (slow path only)
//      line 7+i reader cursor i Atomic<UInt64> position (bytes; UInt64.max = free slot), Atomic<Int64> offset
//
// 3. The offset index: `capacity / 32` slots of Atomic<UInt64>, slot `offset & mask` holding the
//    byte position of that record. A frame is at least 40 bytes, so the ring never holds more
//    records than the index has slots: every record still in the ring has its slot. Only seeks
//    (fetch from an arbitrary offset, log start lookup) read it; sequential readers never do.
//
// Record frame (little-endian, starts 8-byte aligned, occupies `align8(frameLength)` bytes):
//
//      0  UInt32  frameLength   header + key + value + headers, no padding. Bit 31 set: a padding
//                               frame (unused end of a multi-producer reservation), no record, skip it.
//      4  UInt32  checksum      CRC32C of bytes [16, frameLength) when attributes bit 0 is set, else 0
//      8  Int64   offset        the record's offset (dense, from 0)
//     16  Int64   timestamp     nanoseconds since the Unix epoch
//     24  Int32   keyLength     -1: null key
//     28  UInt32  valueLength
//     32  UInt16  attributes    bit 0: checksum present; bit 1: LogAppendTime
//     34  UInt16  headerCount
//     36  UInt32  headersLength
//     40  key bytes, value bytes, headers (each: UInt16 nameLength, UInt32 valueLength, name, value)

/// Byte offsets and constants of the record frame. See the layout comment above.
@usableFromInline
enum _Frame {
    @usableFromInline static let lengthOffset = 0
    @usableFromInline static let checksumOffset = 4
    @usableFromInline static let offsetOffset = 8
    @usableFromInline static let timestampOffset = 16
    @usableFromInline static let keyLengthOffset = 24
    @usableFromInline static let valueLengthOffset = 28
    @usableFromInline static let attributesOffset = 32
    @usableFromInline static let headerCountOffset = 34
    @usableFromInline static let headersLengthOffset = 36
    @usableFromInline static let headerSize = 40
    /// The checksum covers the frame from here (the timestamp) to its end; the offset is
    /// excluded because a multi-producer partition stamps it at publication.
    @usableFromInline static let checksumStart = 16
    @usableFromInline static let alignment = 8
    @usableFromInline static let paddingFlag: UInt32 = 0x8000_0000
    @usableFromInline static let attributeChecksum: UInt16 = 1
    @usableFromInline static let attributeLogAppendTime: UInt16 = 2
    /// Each header: UInt16 name length + UInt32 value length.
    @usableFromInline static let headerEntryOverhead = 6

    /// Bytes a frame occupies in the ring (its length rounded up to 8).
    @inlinable @inline(__always)
    static func stride(_ frameLength: Int) -> Int { (frameLength &+ 7) & ~7 }

    /// Bytes a record with these lengths occupies in the ring.
    @inlinable @inline(__always)
    static func stride(keyLength: Int, valueLength: Int, headersLength: Int) -> Int {
        stride(headerSize &+ keyLength &+ valueLength &+ headersLength)
    }
}

/// The control block: every shared counter of a partition, each on its own 128-byte line.
/// This is the only type that turns the raw allocation into typed pointers.
@usableFromInline
struct _ControlBlock: @unchecked Sendable {
    @usableFromInline static let line = AlignedMemory.cacheLine
    @usableFromInline static let firstCursorLine = 7

    @usableFromInline let base: UnsafeMutableRawPointer
    @usableFromInline let maxReaders: Int

    @inlinable
    static func byteCount(maxReaders: Int) -> Int { (firstCursorLine + maxReaders) * line }

    /// Binds and initializes every field of `memory` (which must be `byteCount(maxReaders:)` long).
    init(memory: AlignedMemory, maxReaders: Int) {
        base = memory.base
        self.maxReaders = maxReaders
        func initAtomic64(_ offset: Int, _ value: UInt64) {
            (base + offset).bindMemory(to: Atomic<UInt64>.self, capacity: 1).initialize(to: Atomic(value))
        }
        initAtomic64(0, 0)                       // highWatermark (Int64 bit pattern)
        initAtomic64(8, 0)                       // frontier
        initAtomic64(Self.line, 0)               // published
        initAtomic64(2 * Self.line + 16, 0)      // cachedLimit (0: scan on first use)
        initAtomic64(3 * Self.line, 0)           // claim counter
        initAtomic64(3 * Self.line + 8, 0)       // gating cache
        for line in [4, 5] {                     // signals: epoch + waiters
            (base + line * Self.line).bindMemory(to: Atomic<UInt32>.self, capacity: 2).initialize(to: Atomic(0))
            (base + line * Self.line + 4).bindMemory(to: Atomic<UInt32>.self, capacity: 1).initialize(to: Atomic(0))
        }
        (base + 6 * Self.line).bindMemory(to: Atomic<UInt8>.self, capacity: 1).initialize(to: Atomic(0))
        for field in 1...5 { initAtomic64(6 * Self.line + 8 * field, 0) } // slots high water, wait counters
        for i in 0..<maxReaders {
            initAtomic64((Self.firstCursorLine + i) * Self.line, UInt64.max)
            initAtomic64((Self.firstCursorLine + i) * Self.line + 8, 0)
        }
    }

    // line 0
    @inlinable var highWatermark: UnsafeMutablePointer<Atomic<Int64>> {
        base.assumingMemoryBound(to: Atomic<Int64>.self)
    }
    @inlinable var frontier: UnsafeMutablePointer<Atomic<UInt64>> {
        (base + 8).assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    // line 1
    @inlinable var published: UnsafeMutablePointer<Atomic<UInt64>> {
        (base + Self.line).assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    // line 2: single-producer private state, plain memory
    @inlinable var tail: UnsafeMutablePointer<UInt64> {
        (base + 2 * Self.line).assumingMemoryBound(to: UInt64.self)
    }
    @inlinable var nextOffset: UnsafeMutablePointer<Int64> {
        (base + 2 * Self.line + 8).assumingMemoryBound(to: Int64.self)
    }
    @inlinable var cachedLimit: UnsafeMutablePointer<Atomic<UInt64>> {
        (base + 2 * Self.line + 16).assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    // line 3
    @inlinable var claim: UnsafeMutablePointer<Atomic<UInt64>> {
        (base + 3 * Self.line).assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    @inlinable var gatingCache: UnsafeMutablePointer<Atomic<UInt64>> {
        (base + 3 * Self.line + 8).assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    // lines 4, 5
    @inlinable var dataSignal: _Signal { _Signal(base: base + 4 * Self.line) }
    @inlinable var spaceSignal: _Signal { _Signal(base: base + 5 * Self.line) }
    // line 6
    @inlinable var closed: UnsafeMutablePointer<Atomic<UInt8>> {
        (base + 6 * Self.line).assumingMemoryBound(to: Atomic<UInt8>.self)
    }
    /// One past the highest reader slot ever used: the gating scan stops there.
    @inlinable var readerSlotsHighWater: UnsafeMutablePointer<Atomic<UInt64>> {
        (base + 6 * Self.line + 8).assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    /// Producer wait counters: 0 episodes, 1 spins, 2 yields, 3 parks.
    @inlinable func producerWaitCounter(_ i: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (base + 6 * Self.line + 16 + 8 * i).assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    // lines 7+
    @inlinable func cursorPosition(_ slot: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (base + (Self.firstCursorLine + slot) * Self.line).assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    @inlinable func cursorOffset(_ slot: Int) -> UnsafeMutablePointer<Atomic<Int64>> {
        (base + (Self.firstCursorLine + slot) * Self.line + 8).assumingMemoryBound(to: Atomic<Int64>.self)
    }
}

/// A futex-backed event count: waiters park on `epoch`, signalers bump it and wake them.
@usableFromInline
struct _Signal {
    @usableFromInline let base: UnsafeMutableRawPointer
    @inlinable init(base: UnsafeMutableRawPointer) { self.base = base }
    @inlinable var epoch: UnsafeMutablePointer<Atomic<UInt32>> { base.assumingMemoryBound(to: Atomic<UInt32>.self) }
    @inlinable var waiters: UnsafeMutablePointer<Atomic<UInt32>> { (base + 4).assumingMemoryBound(to: Atomic<UInt32>.self) }

    /// Wakes parked threads, if any. Cost when nobody is parked: one relaxed load of a line
    /// that is only written when someone parks.
    @inlinable @inline(__always)
    func notify() {
        // relaxed: a missed waiter is bounded by its park timeout (no StoreLoad fence on the hot path).
        if waiters.pointee.load(ordering: .relaxed) != 0 { notifySlow() }
    }

    @usableFromInline
    func notifySlow() {
        // relaxed: the futex syscall orders the epoch change against the sleeper's compare.
        epoch.pointee.wrappingAdd(1, ordering: .relaxed)
        Futex.wakeAll(base.assumingMemoryBound(to: UInt32.self))
    }

    /// Parks the calling thread until notified or `timeoutNanoseconds` pass, unless `ready()`
    /// turns true after the thread registered itself as a waiter.
    @usableFromInline
    func park(timeoutNanoseconds: Int64, ready: () -> Bool) {
        // acquiring: pairs with notifySlow's bump so a wake-up after this read is not lost.
        let seen = epoch.pointee.load(ordering: .acquiring)
        // sequentially consistent RMW (lock xadd): the waiter count is visible before the re-check.
        waiters.pointee.wrappingAdd(1, ordering: .sequentiallyConsistent)
        if !ready() {
            Futex.wait(base.assumingMemoryBound(to: UInt32.self), expected: seen, timeoutNanoseconds: timeoutNanoseconds)
        }
        // relaxed: only a hint for notifiers.
        waiters.pointee.wrappingSubtract(1, ordering: .relaxed)
    }
}

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

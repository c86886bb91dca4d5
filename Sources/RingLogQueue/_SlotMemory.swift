import Synchronization
import RingLogPlatform

// The queues' memory layout (the one place it is defined):
//
//  control lines (128 bytes each, AlignedMemory):
//      line 0  enqueue position  Atomic<UInt64>: next slot sequence to write (MPMC: claimed by CAS;
//                                SPSC: the producer's release store publishes written slots)
//      line 1  dequeue position  Atomic<UInt64>: next slot sequence to read (MPMC: claimed by CAS;
//                                SPSC: the consumer's release store frees read slots)
//      line 2  producer private  UInt64 cached dequeue position (SPSC)
//      line 3  consumer private  UInt64 cached enqueue position (SPSC)
//  slots (`slots × stride` bytes, 128-byte aligned; stride = align64(16 + maxMessageBytes)):
//      0   Atomic<UInt64> sequence  MPMC only (Vyukov): == position → free for that lap's
//                                   producer; == position + 1 → full for that lap's consumer
//      8   UInt32 length
//      16  payload (length bytes)
//
// Message i lives in slot `i & (slots - 1)`.

/// The slot array and control lines of one queue; the only type of the module that touches
/// unsafe pointers.
@usableFromInline
struct _SlotMemory {
    @usableFromInline let control: AlignedMemory
    @usableFromInline let memory: AlignedMemory
    @usableFromInline let base: UnsafeMutableRawPointer
    @usableFromInline let mask: UInt64
    @usableFromInline let stride: Int
    @usableFromInline let maxMessageBytes: Int

    init(_ configuration: QueueConfiguration, sequenced: Bool) {
        control = AlignedMemory(byteCount: 4 * AlignedMemory.cacheLine)
        for line in 0..<2 {
            (control.base + line * AlignedMemory.cacheLine).bindMemory(to: Atomic<UInt64>.self, capacity: 1).initialize(to: Atomic(0))
        }
        stride = (16 + configuration.maxMessageBytes + 63) & ~63
        memory = AlignedMemory(byteCount: configuration.slots * stride)
        base = memory.base
        mask = UInt64(configuration.slots - 1)
        maxMessageBytes = configuration.maxMessageBytes
        if sequenced {
            for i in 0..<configuration.slots {
                (base + i * stride).bindMemory(to: Atomic<UInt64>.self, capacity: 1).initialize(to: Atomic(UInt64(i)))
            }
        }
    }

    @inlinable var capacity: UInt64 { mask &+ 1 }

    @inlinable var enqueuePosition: UnsafeMutablePointer<Atomic<UInt64>> {
        control.base.assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    @inlinable var dequeuePosition: UnsafeMutablePointer<Atomic<UInt64>> {
        (control.base + AlignedMemory.cacheLine).assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    @inlinable var producerCache: UnsafeMutablePointer<UInt64> {
        (control.base + 2 * AlignedMemory.cacheLine).assumingMemoryBound(to: UInt64.self)
    }
    @inlinable var consumerCache: UnsafeMutablePointer<UInt64> {
        (control.base + 3 * AlignedMemory.cacheLine).assumingMemoryBound(to: UInt64.self)
    }

    @inlinable @inline(__always)
    func slot(_ position: UInt64) -> UnsafeMutableRawPointer { base + Int(position & mask) &* stride }

    @inlinable @inline(__always)
    func sequence(_ position: UInt64) -> UnsafeMutablePointer<Atomic<UInt64>> {
        slot(position).assumingMemoryBound(to: Atomic<UInt64>.self)
    }

    /// The writable payload area of a slot.
    @inlinable @inline(__always)
    func payload(_ position: UInt64) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: slot(position) + 16, count: maxMessageBytes)
    }

    @inlinable @inline(__always)
    func setLength(_ position: UInt64, _ length: Int) {
        slot(position).storeBytes(of: UInt32(truncatingIfNeeded: length), toByteOffset: 8, as: UInt32.self)
    }

    /// The message in a slot (length clamped to the slot, so even a bad length stays in bounds).
    @inlinable @inline(__always)
    func message(_ position: UInt64) -> UnsafeRawBufferPointer {
        let p = slot(position)
        let length = Swift.min(Int(p.load(fromByteOffset: 8, as: UInt32.self)), maxMessageBytes)
        return UnsafeRawBufferPointer(start: p + 16, count: length)
    }
}

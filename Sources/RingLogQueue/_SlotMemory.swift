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
        stride = configuration.slotStride
        memory = AlignedMemory(byteCount: configuration.storageBytes)
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

    /// Fills slots `first ..< first + count` through `fill(i, payload)`, which returns each length.
    @inlinable @inline(__always)
    func write(from first: UInt64, count: Int, _ fill: (Int, UnsafeMutableRawBufferPointer) -> Int) {
        for i in 0..<count {
            let p = first &+ UInt64(i)
            setLength(p, Swift.min(fill(i, payload(p)), maxMessageBytes))
        }
    }

    /// Passes the messages in slots `first ..< first + count` to `body`.
    @inlinable @inline(__always)
    func read(from first: UInt64, count: Int, _ body: (UnsafeRawBufferPointer) -> Void) {
        for i in 0..<count { body(message(first &+ UInt64(i))) }
    }

    /// Vyukov claim: from `counter`'s position, the run of up to `max` consecutive slots whose
    /// sequence equals position + `ready` (0: free for a producer, 1: full for a consumer), taken
    /// with one CAS. Returns (first position, count), or nil when the first slot is not ready
    /// (full for a producer, empty for a consumer).
    @inlinable @inline(__always)
    func claim(_ counter: UnsafeMutablePointer<Atomic<UInt64>>, max: Int, ready: UInt64) -> (UInt64, Int)? {
        // relaxed: a hint; slot sequences (acquire) decide.
        var pos = counter.pointee.load(ordering: .relaxed)
        while true {
            var n = 0
            // acquiring: the slot's previous owner (consumer or producer) finished with it.
            while n < max && sequence(pos &+ UInt64(n)).pointee.load(ordering: .acquiring) == pos &+ UInt64(n) &+ ready { n &+= 1 }
            if n == 0 {
                // acquiring: as above.
                let seq = sequence(pos).pointee.load(ordering: .acquiring)
                if Int64(bitPattern: seq &- (pos &+ ready)) < 0 { return nil }
                // relaxed: another thread took it; reload and retry.
                pos = counter.pointee.load(ordering: .relaxed)
                continue
            }
            // relaxed: the claim orders nothing itself; slot sequences carry the data.
            let (won, current) = counter.pointee.compareExchange(expected: pos, desired: pos &+ UInt64(n), ordering: .relaxed)
            if won { return (pos, n) }
            pos = current
        }
    }

    /// The message in a slot (length clamped to the slot, so even a bad length stays in bounds).
    @inlinable @inline(__always)
    func message(_ position: UInt64) -> UnsafeRawBufferPointer {
        let p = slot(position)
        let length = Swift.min(Int(p.load(fromByteOffset: 8, as: UInt32.self)), maxMessageBytes)
        return UnsafeRawBufferPointer(start: p + 16, count: length)
    }
}

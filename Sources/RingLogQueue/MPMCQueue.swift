import Synchronization

/// Bounded lock-free multi-producer multi-consumer queue (Dmitry Vyukov's design: a sequence
/// number per slot), with batching: one compare-and-swap claims a run of consecutive slots for
/// a producer or a consumer, and each slot is handed over by a release store of its sequence.
/// Competing consumers each get distinct messages; a consumed slot is free again.
///
/// Thread-safety: any number of enqueuing and dequeuing threads.
public final class MPMCQueue: MessageQueue, @unchecked Sendable {
    @usableFromInline let mem: _SlotMemory
    public var kind: String { "mpmc" }
    public var maxMessageBytes: Int { mem.maxMessageBytes }
    public static func make(_ configuration: QueueConfiguration) throws(QueueError) -> MPMCQueue { try MPMCQueue(configuration) }

    /// - Throws: `.invalidCapacity`, `.invalidMessageSize`.
    public init(_ configuration: QueueConfiguration = .init()) throws(QueueError) {
        try configuration.validate()
        mem = _SlotMemory(configuration, sequenced: true)
    }

    /// Claims up to `count` consecutive free slots with one CAS, fills them, publishes each.
    /// - Complexity: O(count); one CAS per batch (retried under contention); no allocation.
    @inlinable
    public func enqueue(count: Int, _ fill: (Int, UnsafeMutableRawBufferPointer) -> Int) -> Int {
        guard count > 0 else { return 0 }
        // relaxed: a hint; slot sequences (acquire) decide.
        var pos = mem.enqueuePosition.pointee.load(ordering: .relaxed)
        while true {
            var n = 0
            while n < count {
                let p = pos &+ UInt64(n)
                // acquiring: the consumer that freed this slot finished reading it.
                if mem.sequence(p).pointee.load(ordering: .acquiring) != p { break }
                n &+= 1
            }
            if n == 0 {
                // acquiring: as above.
                let seq = mem.sequence(pos).pointee.load(ordering: .acquiring)
                if Int64(bitPattern: seq &- pos) < 0 { return 0 } // the slot still holds last lap's message: full
                // relaxed: another producer moved on; reload and retry.
                pos = mem.enqueuePosition.pointee.load(ordering: .relaxed)
                continue
            }
            // relaxed: the claim itself orders nothing; slot sequences carry the data.
            let (won, current) = mem.enqueuePosition.pointee.compareExchange(
                expected: pos, desired: pos &+ UInt64(n), ordering: .relaxed)
            if !won { pos = current; continue }
            for i in 0..<n {
                let p = pos &+ UInt64(i)
                mem.setLength(p, Swift.min(fill(i, mem.payload(p)), mem.maxMessageBytes))
                // releasing: the message bytes are visible to the consumer that sees the sequence.
                mem.sequence(p).pointee.store(p &+ 1, ordering: .releasing)
            }
            return n
        }
    }

    /// Claims up to `max` consecutive full slots with one CAS, reads them, frees each.
    /// - Complexity: O(messages); one CAS per batch; no allocation.
    @inlinable
    public func dequeue(max: Int, _ body: (UnsafeRawBufferPointer) -> Void) -> Int {
        guard max > 0 else { return 0 }
        // relaxed: a hint; slot sequences decide.
        var pos = mem.dequeuePosition.pointee.load(ordering: .relaxed)
        while true {
            var n = 0
            while n < max {
                let p = pos &+ UInt64(n)
                // acquiring: pairs with the producer's release; the message is written.
                if mem.sequence(p).pointee.load(ordering: .acquiring) != p &+ 1 { break }
                n &+= 1
            }
            if n == 0 {
                // acquiring: as above.
                let seq = mem.sequence(pos).pointee.load(ordering: .acquiring)
                if Int64(bitPattern: seq &- (pos &+ 1)) < 0 { return 0 } // not written yet: empty
                // relaxed: another consumer took it; reload and retry.
                pos = mem.dequeuePosition.pointee.load(ordering: .relaxed)
                continue
            }
            // relaxed: as in enqueue.
            let (won, current) = mem.dequeuePosition.pointee.compareExchange(
                expected: pos, desired: pos &+ UInt64(n), ordering: .relaxed)
            if !won { pos = current; continue }
            for i in 0..<n {
                let p = pos &+ UInt64(i)
                body(mem.message(p))
                // releasing: our read finishes before the next lap's producer writes the slot.
                mem.sequence(p).pointee.store(p &+ mem.capacity, ordering: .releasing)
            }
            return n
        }
    }

    public var approximateCount: Int {
        // relaxed: a snapshot for reports.
        let e = mem.enqueuePosition.pointee.load(ordering: .relaxed)
        let d = mem.dequeuePosition.pointee.load(ordering: .relaxed)
        return Int(Int64(bitPattern: e &- d)).clamped(0, Int(mem.capacity))
    }
}

extension Int {
    @usableFromInline func clamped(_ lo: Int, _ hi: Int) -> Int { Swift.min(Swift.max(self, lo), hi) }
}

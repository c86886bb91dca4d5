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
        guard count > 0, let (first, n) = mem.claim(mem.enqueuePosition, max: count, ready: 0) else { return 0 }
        for i in 0..<n {
            let p = first &+ UInt64(i)
            mem.write(from: p, count: 1) { _, slot in fill(i, slot) }
            // releasing: the message bytes are visible to the consumer that sees the sequence.
            mem.sequence(p).pointee.store(p &+ 1, ordering: .releasing)
        }
        return n
    }

    /// Claims up to `max` consecutive full slots with one CAS, reads them, frees each.
    /// - Complexity: O(messages); one CAS per batch; no allocation.
    @inlinable
    public func dequeue(max: Int, _ body: (UnsafeRawBufferPointer) -> Void) -> Int {
        guard max > 0, let (first, n) = mem.claim(mem.dequeuePosition, max: max, ready: 1) else { return 0 }
        for i in 0..<n {
            let p = first &+ UInt64(i)
            body(mem.message(p))
            // releasing: our read finishes before the next lap's producer writes the slot.
            mem.sequence(p).pointee.store(p &+ mem.capacity, ordering: .releasing)
        }
        return n
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

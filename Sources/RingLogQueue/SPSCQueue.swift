import Synchronization

/// Single-producer, single-consumer queue (Lamport ring with cached indices): the fast path
/// when one thread enqueues and one dequeues. Each side keeps a private copy of the other's
/// position and re-reads it only when the copy says full / empty; a batch costs one release
/// store. No read-modify-write atomics at all.
///
/// Thread-safety: exactly one enqueuing thread and one dequeuing thread.
public final class SPSCQueue: MessageQueue, @unchecked Sendable {
    @usableFromInline let mem: _SlotMemory
    public var kind: String { "spsc" }
    public var maxMessageBytes: Int { mem.maxMessageBytes }
    public static func make(_ configuration: QueueConfiguration) throws(QueueError) -> SPSCQueue { try SPSCQueue(configuration) }

    /// - Throws: `.invalidCapacity`, `.invalidMessageSize`.
    /// - Complexity: allocates and zero-fills `slots × slot stride` bytes once.
    public init(_ configuration: QueueConfiguration = .init()) throws(QueueError) {
        try configuration.validate()
        mem = _SlotMemory(configuration, sequenced: false)
    }

    /// - Complexity: O(count); one acquire load when the cached consumer position says full,
    ///   one release store per batch; no allocation.
    @inlinable
    public func enqueue(count: Int, _ fill: (Int, UnsafeMutableRawBufferPointer) -> Int) -> Int {
        // relaxed: our own position.
        let tail = mem.enqueuePosition.pointee.load(ordering: .relaxed)
        var free = Int(mem.capacity &- (tail &- mem.producerCache.pointee))
        if free < count {
            // acquiring: the consumer's reads of the slots it freed happen before we overwrite them.
            let head = mem.dequeuePosition.pointee.load(ordering: .acquiring)
            mem.producerCache.pointee = head
            free = Int(mem.capacity &- (tail &- head))
        }
        let n = Swift.min(count, free)
        if n <= 0 { return 0 }
        mem.write(from: tail, count: n, fill)
        // releasing: the slot bytes written above are visible to the consumer that sees the new tail.
        mem.enqueuePosition.pointee.store(tail &+ UInt64(n), ordering: .releasing)
        return n
    }

    /// - Complexity: O(messages); one acquire load when the cached producer position says
    ///   empty, one release store per batch; no allocation.
    @inlinable
    public func dequeue(max: Int, _ body: (UnsafeRawBufferPointer) -> Void) -> Int {
        // relaxed: our own position.
        let head = mem.dequeuePosition.pointee.load(ordering: .relaxed)
        var available = Int(mem.consumerCache.pointee &- head)
        if available < max {
            // acquiring: pairs with the producer's release; the slots up to tail are written.
            let tail = mem.enqueuePosition.pointee.load(ordering: .acquiring)
            mem.consumerCache.pointee = tail
            available = Int(tail &- head)
        }
        let n = Swift.min(max, available)
        if n <= 0 { return 0 }
        mem.read(from: head, count: n, body)
        // releasing: our reads finish before the producer may reuse these slots.
        mem.dequeuePosition.pointee.store(head &+ UInt64(n), ordering: .releasing)
        return n
    }

    public var approximateCount: Int {
        // relaxed: a snapshot for reports.
        Int(mem.enqueuePosition.pointee.load(ordering: .relaxed) &- mem.dequeuePosition.pointee.load(ordering: .relaxed))
    }
}

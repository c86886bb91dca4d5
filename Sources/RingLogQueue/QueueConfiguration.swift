/// Settings shared by the queues: a fixed number of fixed-size slots, allocated once.
public struct QueueConfiguration: Sendable, Equatable {
    /// Slots (messages the queue holds at most): a power of two, 2...2^26.
    public var slots: Int
    /// Largest message in bytes: 1...1 MiB. Each slot takes this plus a small header, rounded
    /// up to 64 bytes, so neighbouring messages never share a cache line.
    public var maxMessageBytes: Int

    public init(slots: Int = 1 << 16, maxMessageBytes: Int = 1024) {
        self.slots = slots
        self.maxMessageBytes = maxMessageBytes
    }

    /// Bytes per slot: a 16-byte header plus the largest message, rounded up to 64 (see
    /// `_SlotMemory` for the layout).
    public var slotStride: Int { (16 + maxMessageBytes + 63) & ~63 }

    /// Bytes of slot memory one queue of this configuration allocates.
    public var storageBytes: Int { slots * slotStride }

    func validate() throws(QueueError) {
        guard slots >= 2, slots & (slots - 1) == 0 else { throw .invalidCapacity(requested: slots, reason: "not a power of two of at least 2") }
        guard slots <= 1 << 26 else { throw .invalidCapacity(requested: slots, reason: "more than 2^26 slots") }
        guard (1...(1 << 20)).contains(maxMessageBytes) else { throw .invalidMessageSize(requested: maxMessageBytes, limit: 1 << 20) }
    }
}

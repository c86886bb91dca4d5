/// A bounded, preallocated, delete-on-consume message queue (RabbitMQ/SQS semantics in
/// process): every message goes to exactly one consumer and its slot is free again once
/// consumed. No offsets, no retention, no replay.
public protocol MessageQueue: AnyObject, Sendable {
    /// A short name for reports.
    var kind: String { get }
    /// Largest message a slot holds.
    var maxMessageBytes: Int { get }
    /// Enqueues up to `count` messages, writing message `i` in place into its slot through
    /// `fill(i, slot)`, which returns the message length (clamped to the slot). Returns how
    /// many were enqueued: fewer than `count` (possibly 0) when the queue is full.
    func enqueue(count: Int, _ fill: (Int, UnsafeMutableRawBufferPointer) -> Int) -> Int
    /// Dequeues up to `max` messages, passing each to `body` as a view of its slot; the slot is
    /// freed when `body` returns. Returns how many; 0 when empty.
    func dequeue(max: Int, _ body: (UnsafeRawBufferPointer) -> Void) -> Int
    /// Messages in the queue now (approximate while others operate).
    var approximateCount: Int { get }
    /// Makes a queue of this kind (the mutex queue with its default lock).
    static func make(_ configuration: QueueConfiguration) throws(QueueError) -> Self
}

extension MessageQueue {
    /// Enqueues one message (a copy of `bytes`). Returns false when the queue is full.
    /// - Throws: `.messageTooLarge`; nothing is enqueued then.
    @inlinable
    public func tryEnqueue(_ bytes: UnsafeRawBufferPointer) throws(QueueError) -> Bool {
        guard bytes.count <= maxMessageBytes else { throw .messageTooLarge(size: bytes.count, limit: maxMessageBytes) }
        return enqueue(count: 1) { _, slot in
            if bytes.count > 0 { slot.baseAddress!.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count) }
            return bytes.count
        } == 1
    }

    /// Dequeues one message as a copy, or nil when empty.
    public func tryDequeue() -> [UInt8]? {
        var out: [UInt8]?
        _ = dequeue(max: 1) { out = Array($0) }
        return out
    }
}

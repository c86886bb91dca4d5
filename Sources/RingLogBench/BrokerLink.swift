/// One client connection of a real system, as a producer uses it: publishes messages one at a
/// time (the client library copies each), then ends the batch (a flush, or reading the
/// pipelined replies). Used by exactly one thread.
public protocol BrokerPublishing: AnyObject {
    /// Hands one message to the client library.
    func publish(_ message: UnsafeRawBufferPointer) throws
    /// Ends a batch of `count` published messages.
    func endBatch(count: Int) throws
}

/// One client connection of a real system, as a consumer uses it: fetches up to `max`
/// messages, passing each payload to `body` as a borrowed view. Used by exactly one thread.
public protocol BrokerFetching: AnyObject {
    /// Fetches up to `max` messages; returns how many (0 when none are ready).
    func fetch(max: Int, _ body: (UnsafeRawBufferPointer) -> Void) throws -> Int
}

/// The producer of a real system whose messages need nothing but their bytes (no key, no
/// pacing): writes each message into a scratch buffer, publishes it, ends the batch.
/// Specialized in the driver's module (`@inlinable`).
public struct BrokerProducer<Link: BrokerPublishing>: DriverProducer {
    @usableFromInline let link: Link
    @usableFromInline var scratch = _MessageScratch()

    public init(_ link: Link) { self.link = link }

    @inlinable
    public mutating func send(count: Int, size: Int, messages: inout MessageBatch) throws -> Int {
        for i in 0..<count {
            try scratch.fill(i, size: size, from: &messages) { try link.publish(UnsafeRawBufferPointer($0)) }
        }
        try link.endBatch(count: count)
        return count
    }
}

/// The consumer of a real system without partitions (a stream, a queue): every message comes
/// from partition 0. Specialized in the driver's module (`@inlinable`).
public struct BrokerConsumer<Link: BrokerFetching>: DriverConsumer {
    @usableFromInline let link: Link

    public init(_ link: Link) { self.link = link }

    @inlinable
    public mutating func poll(max: Int, _ body: (Int, UnsafeRawBufferPointer) -> Void) throws -> Int {
        try link.fetch(max: max) { body(0, $0) }
    }

    public mutating func close() {}
}

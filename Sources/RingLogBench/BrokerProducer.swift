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

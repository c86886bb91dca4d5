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

/// Where a record went: Kafka's `RecordMetadata`.
@frozen
public struct RecordMetadata: Sendable, Equatable {
    public let partition: Int
    public let offset: Int64
    @inlinable public init(partition: Int, offset: Int64) {
        self.partition = partition
        self.offset = offset
    }
}

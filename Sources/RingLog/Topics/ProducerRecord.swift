/// A record for `Producer.sendBatch`: Kafka's `ProducerRecord` without the topic.
public struct ProducerRecord: Sendable, Equatable {
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [RecordHeader]
    /// An explicit partition; nil lets the partitioner choose.
    public var partition: Int?
    /// CreateTime in nanoseconds; nil means now.
    public var timestamp: Int64?

    public init(key: [UInt8]? = nil, value: [UInt8], headers: [RecordHeader] = [], partition: Int? = nil, timestamp: Int64? = nil) {
        self.key = key
        self.value = value
        self.headers = headers
        self.partition = partition
        self.timestamp = timestamp
    }
}

/// One topic's entries in a message: its name, then one `Partition` per partition (what to produce,
/// fetch, look up or commit, or the result for each).
///
/// The messages whose topic holds nothing else name it as their `Topic` (for example
/// `ProduceRequest.Topic` is `KafkaTopicPartitions<ProduceRequest.Partition>`). On the wire, in
/// every version: the name as a string, then the partitions as an array, each coded in the
/// message's version.
///
/// Thread-safety: a value type (`Sendable` when `Partition` is).
public struct KafkaTopicPartitions<Partition>: _WireDefaultInitializable {
    /// The topic name.
    public var name: String = ""
    /// Each element: one partition's entry.
    public var partitions: [Partition] = []

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        name: String = "",
        partitions: [Partition] = []
    ) {
        self.name = name
        self.partitions = partitions
    }
}

extension KafkaTopicPartitions: Sendable where Partition: Sendable {}

extension KafkaTopicPartitions: Equatable where Partition: Equatable {}

extension KafkaTopicPartitions: _WireStruct where Partition: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&name)
        try coder._structArray(&partitions, version: version)
    }
}

/// A topic and a partition number: what a consumer is assigned and commits.
public struct TopicPartition: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let topic: String
    public let partition: Int
    public init(_ topic: String, _ partition: Int) {
        self.topic = topic
        self.partition = partition
    }
    public static func < (a: Self, b: Self) -> Bool {
        a.topic != b.topic ? a.topic < b.topic : a.partition < b.partition
    }
    public var description: String { "\(topic)-\(partition)" }
}

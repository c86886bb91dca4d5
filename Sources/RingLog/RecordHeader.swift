import RingLogPlatform

/// A Kafka record header: a name and bytes.
public struct RecordHeader: Sendable, Hashable {
    public var name: String
    public var value: [UInt8]
    public init(name: String, value: [UInt8]) {
        self.name = name
        self.value = value
    }
}

/// A request as it arrives: header plus typed body.
///
/// Thread-safety: a value type (`Sendable`).
public struct KafkaRequestFrame: Sendable, Equatable {
    public var header: KafkaRequestHeader
    public var request: KafkaRequest

    public init(header: KafkaRequestHeader, request: KafkaRequest) {
        self.header = header
        self.request = request
    }
}

/// A request as it arrives: header plus typed body.
///
/// Thread-safety: a value type (`Sendable`).
public struct KafkaRequestFrame: Sendable, Equatable {
    /// The header: API, version, correlation ID, client ID.
    public var header: KafkaRequestHeader
    /// The typed body, decoded in `header.apiVersion`'s layout.
    public var request: KafkaRequest

    /// A frame of `request` under `header` (whose API should be the request's).
    public init(header: KafkaRequestHeader, request: KafkaRequest) {
        self.header = header
        self.request = request
    }
}

/// The producer ID and epoch granted, or why not (API key 22).
///
/// Versions 0-1, one layout.
///
/// Thread-safety: a value type (`Sendable`).
public struct InitProducerIdResponse: Sendable, Equatable, _WireDefaultInitializable {
    /// How long the response was throttled for a quota, in milliseconds (0: not throttled).
    public var throttleTimeMs: Int32 = 0
    /// The error, or none.
    public var errorCode: KafkaErrorCode = .none
    /// The producer ID (-1 on error).
    public var producerId: Int64 = -1
    /// The producer epoch (-1 on error).
    public var producerEpoch: Int16 = -1

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, producerId: Int64 = -1, producerEpoch: Int16 = -1) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.producerId = producerId
        self.producerEpoch = producerEpoch
    }
}

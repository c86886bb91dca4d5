/// The heartbeat's outcome (API key 12).
///
/// Versions 0-3: 1 adds throttleTimeMs.
///
/// Thread-safety: a value type (`Sendable`).
public struct HeartbeatResponse: Sendable, Equatable, _WireDefaultInitializable {
    /// How long the response was throttled for a quota, in milliseconds (0: not throttled).
    /// (Versions 1+.)
    public var throttleTimeMs: Int32 = 0
    /// The error (REBALANCE_IN_PROGRESS asks the member to rejoin), or none.
    public var errorCode: KafkaErrorCode = .none

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = .none
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
    }
}

/// The coordinator broker (API key 10).
///
/// Versions 0-2: 1 adds throttleTimeMs and errorMessage.
///
/// Thread-safety: a value type (`Sendable`).
public struct FindCoordinatorResponse: Sendable, Equatable, _WireDefaultInitializable {
    /// How long the response was throttled for a quota, in milliseconds (0: not throttled).
    /// (Versions 1+.)
    public var throttleTimeMs: Int32 = 0
    /// The error, or none.
    public var errorCode: KafkaErrorCode = .none
    /// The error message, or nil. (Versions 1+.)
    public var errorMessage: String? = nil
    /// The coordinator's broker ID.
    public var nodeId: Int32 = 0
    /// The coordinator's host.
    public var host: String = ""
    /// The coordinator's port.
    public var port: Int32 = 0

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = .none,
        errorMessage: String? = nil,
        nodeId: Int32 = 0,
        host: String = "",
        port: Int32 = 0
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.nodeId = nodeId
        self.host = host
        self.port = port
    }
}

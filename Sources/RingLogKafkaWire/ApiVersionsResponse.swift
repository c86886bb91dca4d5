/// The broker's supported API version ranges (API key 18).
///
/// Versions 0-2 (1 adds throttleTimeMs; 2 is the same as 1).
///
/// Thread-safety: a value type (`Sendable`).
public struct ApiVersionsResponse: Sendable, Equatable, _WireDefaultInitializable {
    /// The top-level error: UNSUPPORTED_VERSION when the request version was too new.
    public var errorCode: KafkaErrorCode = .none
    /// Each element: one supported API and its version range.
    public var apiKeys: [ApiVersion] = []
    /// How long the response was throttled for a quota, in milliseconds (0: not throttled).
    /// (Versions 1+.)
    public var throttleTimeMs: Int32 = 0

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        errorCode: KafkaErrorCode = .none,
        apiKeys: [ApiVersion] = [],
        throttleTimeMs: Int32 = 0
    ) {
        self.errorCode = errorCode
        self.apiKeys = apiKeys
        self.throttleTimeMs = throttleTimeMs
    }

    /// One supported API and its version range.
    public struct ApiVersion: Sendable, Equatable, _WireDefaultInitializable {
        /// The API key.
        public var apiKey: Int16 = 0
        /// The lowest supported version.
        public var minVersion: Int16 = 0
        /// The highest supported version.
        public var maxVersion: Int16 = 0

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            apiKey: Int16 = 0,
            minVersion: Int16 = 0,
            maxVersion: Int16 = 0
        ) {
            self.apiKey = apiKey
            self.minVersion = minVersion
            self.maxVersion = maxVersion
        }
    }
}

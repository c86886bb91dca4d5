/// The creation's outcome per topic (API key 19).
///
/// Versions 0-4: 1 adds errorMessage, 2 throttleTimeMs.
///
/// Thread-safety: a value type (`Sendable`).
public struct CreateTopicsResponse: Sendable, Equatable, _WireDefaultInitializable {
    /// How long the response was throttled for a quota, in milliseconds (0: not throttled).
    /// (Versions 2+.)
    public var throttleTimeMs: Int32 = 0
    /// Each element: one topic's result.
    public var topics: [Topic] = []

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        throttleTimeMs: Int32 = 0,
        topics: [Topic] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    /// One topic's result.
    public struct Topic: Sendable, Equatable, _WireDefaultInitializable {
        /// The topic name.
        public var name: String = ""
        /// The error (TOPIC_ALREADY_EXISTS, INVALID_PARTITIONS, ...), or none.
        public var errorCode: KafkaErrorCode = .none
        /// The error message, or nil. (Versions 1+.)
        public var errorMessage: String? = nil

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            name: String = "",
            errorCode: KafkaErrorCode = .none,
            errorMessage: String? = nil
        ) {
            self.name = name
            self.errorCode = errorCode
            self.errorMessage = errorMessage
        }
    }
}

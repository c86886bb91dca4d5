/// A client asks for brokers, topics and partition leaders (API key 3).
///
/// Versions 0-8 (all non-flexible): 1 makes topics nullable, 4 adds allowAutoTopicCreation, 8 the
/// authorized-operations flags.
///
/// Thread-safety: a value type (`Sendable`).
public struct MetadataRequest: Sendable, Equatable, _WireDefaultInitializable {
    /// The topic names to describe: `nil` (v1+) for all topics; in v0 an empty array means all
    /// topics, and `nil` encodes as empty.
    public var topics: [String]? = []
    /// Whether the broker may create topics that do not exist. (Versions 4+.)
    public var allowAutoTopicCreation: Bool = true
    /// Whether to include cluster authorized operations. (Versions 8+.)
    public var includeClusterAuthorizedOperations: Bool = false
    /// Whether to include topic authorized operations. (Versions 8+.)
    public var includeTopicAuthorizedOperations: Bool = false

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        topics: [String]? = [],
        allowAutoTopicCreation: Bool = true,
        includeClusterAuthorizedOperations: Bool = false,
        includeTopicAuthorizedOperations: Bool = false
    ) {
        self.topics = topics
        self.allowAutoTopicCreation = allowAutoTopicCreation
        self.includeClusterAuthorizedOperations = includeClusterAuthorizedOperations
        self.includeTopicAuthorizedOperations = includeTopicAuthorizedOperations
    }
}

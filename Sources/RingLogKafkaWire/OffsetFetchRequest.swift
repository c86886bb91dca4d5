/// A consumer reads its group's committed offsets (API key 9).
///
/// Versions 0-5 (6 is flexible): 2 makes topics nullable. In v0-1 nil encodes as an empty array.
///
/// Thread-safety: a value type (`Sendable`).
public struct OffsetFetchRequest: Sendable, Equatable, _WireDefaultInitializable {
    /// The group ID.
    public var groupId: String = ""
    /// Each element: the partitions to look up; nil (v2+) for all the group has.
    public var topics: [Topic]? = []

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        groupId: String = "",
        topics: [Topic]? = []
    ) {
        self.groupId = groupId
        self.topics = topics
    }

    /// The partitions to look up; nil (v2+) for all the group has.
    public struct Topic: Sendable, Equatable, _WireDefaultInitializable {
        /// The topic name.
        public var name: String = ""
        /// The partition indexes.
        public var partitionIndexes: [Int32] = []

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            name: String = "",
            partitionIndexes: [Int32] = []
        ) {
            self.name = name
            self.partitionIndexes = partitionIndexes
        }
    }
}

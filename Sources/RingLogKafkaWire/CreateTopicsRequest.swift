/// A client creates topics (API key 19).
///
/// Versions 0-4: 1 adds validateOnly.
///
/// Thread-safety: a value type (`Sendable`).
public struct CreateTopicsRequest: Sendable, Equatable, _WireDefaultInitializable {
    /// Each element: one topic to create.
    public var topics: [Topic] = []
    /// How long to wait for the creation, in milliseconds.
    public var timeoutMs: Int32 = 0
    /// Only validate, create nothing. (Versions 1+.)
    public var validateOnly: Bool = false

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        topics: [Topic] = [],
        timeoutMs: Int32 = 0,
        validateOnly: Bool = false
    ) {
        self.topics = topics
        self.timeoutMs = timeoutMs
        self.validateOnly = validateOnly
    }

    /// One topic to create.
    public struct Topic: Sendable, Equatable, _WireDefaultInitializable {
        /// The topic name.
        public var name: String = ""
        /// The partition count, or -1 with manual assignments or the default.
        public var numPartitions: Int32 = 0
        /// The replication factor, or -1.
        public var replicationFactor: Int16 = 0
        /// Each element: a manual replica assignment.
        public var assignments: [Assignment] = []
        /// Each element: a topic configuration entry.
        public var configs: [Config] = []

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            name: String = "",
            numPartitions: Int32 = 0,
            replicationFactor: Int16 = 0,
            assignments: [Assignment] = [],
            configs: [Config] = []
        ) {
            self.name = name
            self.numPartitions = numPartitions
            self.replicationFactor = replicationFactor
            self.assignments = assignments
            self.configs = configs
        }

        /// A manual replica assignment.
        public struct Assignment: Sendable, Equatable, _WireDefaultInitializable {
            /// The partition index.
            public var partitionIndex: Int32 = 0
            /// The replica broker IDs.
            public var brokerIds: [Int32] = []

            /// A value with every field at its default, for filling in.
            public init() {}

            /// A value with the given fields (the rest at their defaults).
            public init(
                partitionIndex: Int32 = 0,
                brokerIds: [Int32] = []
            ) {
                self.partitionIndex = partitionIndex
                self.brokerIds = brokerIds
            }
        }

        /// A topic configuration entry.
        public struct Config: Sendable, Equatable, _WireDefaultInitializable {
            /// The configuration name.
            public var name: String = ""
            /// The configuration value, or nil.
            public var value: String? = nil

            /// A value with every field at its default, for filling in.
            public init() {}

            /// A value with the given fields (the rest at their defaults).
            public init(
                name: String = "",
                value: String? = nil
            ) {
                self.name = name
                self.value = value
            }
        }
    }
}

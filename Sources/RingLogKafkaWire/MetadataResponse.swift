/// Brokers, topics and partition leaders (API key 3).
///
/// Versions 0-8: 1 adds rack, controllerId and isInternal, 2 clusterId, 3 throttleTimeMs, 5
/// offlineReplicas, 7 leaderEpoch, 8 authorized operations.
///
/// Thread-safety: a value type (`Sendable`).
public struct MetadataResponse: Sendable, Equatable, _WireDefaultInitializable {
    /// How long the response was throttled for a quota, in milliseconds (0: not throttled).
    /// (Versions 3+.)
    public var throttleTimeMs: Int32 = 0
    /// Each element: one broker in the cluster.
    public var brokers: [Broker] = []
    /// The cluster ID, or nil. (Versions 2+.)
    public var clusterId: String? = nil
    /// The controller broker ID (-1: none). (Versions 1+.)
    public var controllerId: Int32 = -1
    /// Each element: one topic.
    public var topics: [Topic] = []
    /// Cluster authorized operations bit field (Int32.min: not requested). (Versions 8+.)
    public var clusterAuthorizedOperations: Int32 = Int32.min

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        throttleTimeMs: Int32 = 0,
        brokers: [Broker] = [],
        clusterId: String? = nil,
        controllerId: Int32 = -1,
        topics: [Topic] = [],
        clusterAuthorizedOperations: Int32 = Int32.min
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.brokers = brokers
        self.clusterId = clusterId
        self.controllerId = controllerId
        self.topics = topics
        self.clusterAuthorizedOperations = clusterAuthorizedOperations
    }

    /// One broker in the cluster.
    public struct Broker: Sendable, Equatable, _WireDefaultInitializable {
        /// The broker ID.
        public var nodeId: Int32 = 0
        /// The broker host name.
        public var host: String = ""
        /// The broker port.
        public var port: Int32 = 0
        /// The broker rack, or nil. (Versions 1+.)
        public var rack: String? = nil

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            nodeId: Int32 = 0,
            host: String = "",
            port: Int32 = 0,
            rack: String? = nil
        ) {
            self.nodeId = nodeId
            self.host = host
            self.port = port
            self.rack = rack
        }
    }

    /// One topic.
    public struct Topic: Sendable, Equatable, _WireDefaultInitializable {
        /// The topic error (UNKNOWN_TOPIC_OR_PARTITION, ...).
        public var errorCode: KafkaErrorCode = .none
        /// The topic name.
        public var name: String = ""
        /// Whether the topic is internal. (Versions 1+.)
        public var isInternal: Bool = false
        /// Each element: one partition of the topic.
        public var partitions: [Partition] = []
        /// Authorized operations bit field (Int32.min: not requested). (Versions 8+.)
        public var topicAuthorizedOperations: Int32 = Int32.min

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            errorCode: KafkaErrorCode = .none,
            name: String = "",
            isInternal: Bool = false,
            partitions: [Partition] = [],
            topicAuthorizedOperations: Int32 = Int32.min
        ) {
            self.errorCode = errorCode
            self.name = name
            self.isInternal = isInternal
            self.partitions = partitions
            self.topicAuthorizedOperations = topicAuthorizedOperations
        }

        /// One partition of the topic.
        public struct Partition: Sendable, Equatable, _WireDefaultInitializable {
            /// The partition error.
            public var errorCode: KafkaErrorCode = .none
            /// The partition index.
            public var partitionIndex: Int32 = 0
            /// The leader broker ID.
            public var leaderId: Int32 = 0
            /// The leader epoch. (Versions 7+.)
            public var leaderEpoch: Int32 = -1
            /// All replicas of the partition.
            public var replicaNodes: [Int32] = []
            /// The in-sync replicas.
            public var isrNodes: [Int32] = []
            /// The offline replicas. (Versions 5+.)
            public var offlineReplicas: [Int32] = []

            /// A value with every field at its default, for filling in.
            public init() {}

            /// A value with the given fields (the rest at their defaults).
            public init(
                errorCode: KafkaErrorCode = .none,
                partitionIndex: Int32 = 0,
                leaderId: Int32 = 0,
                leaderEpoch: Int32 = -1,
                replicaNodes: [Int32] = [],
                isrNodes: [Int32] = [],
                offlineReplicas: [Int32] = []
            ) {
                self.errorCode = errorCode
                self.partitionIndex = partitionIndex
                self.leaderId = leaderId
                self.leaderEpoch = leaderEpoch
                self.replicaNodes = replicaNodes
                self.isrNodes = isrNodes
                self.offlineReplicas = offlineReplicas
            }
        }
    }
}

/// A consumer joins a group (API key 11).
///
/// Versions 0-5: 1 adds rebalanceTimeoutMs, 5 groupInstanceId.
///
/// Thread-safety: a value type (`Sendable`).
public struct JoinGroupRequest: Sendable, Equatable, _WireDefaultInitializable {
    /// The group ID.
    public var groupId: String = ""
    /// The session timeout, in milliseconds.
    public var sessionTimeoutMs: Int32 = 0
    /// The most the coordinator waits for members to rejoin, in milliseconds. (Versions 1+.)
    public var rebalanceTimeoutMs: Int32 = -1
    /// The member ID the coordinator gave, or empty on the first join.
    public var memberId: String = ""
    /// The static member ID, or nil. (Versions 5+.)
    public var groupInstanceId: String? = nil
    /// The protocol class ("consumer").
    public var protocolType: String = ""
    /// Each element: one assignment protocol the member supports.
    public var protocols: [ProtocolEntry] = []

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        groupId: String = "",
        sessionTimeoutMs: Int32 = 0,
        rebalanceTimeoutMs: Int32 = -1,
        memberId: String = "",
        groupInstanceId: String? = nil,
        protocolType: String = "",
        protocols: [ProtocolEntry] = []
    ) {
        self.groupId = groupId
        self.sessionTimeoutMs = sessionTimeoutMs
        self.rebalanceTimeoutMs = rebalanceTimeoutMs
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.protocolType = protocolType
        self.protocols = protocols
    }

    /// One assignment protocol the member supports.
    public struct ProtocolEntry: Sendable, Equatable, _WireDefaultInitializable {
        /// The protocol name ("range", "roundrobin", ...).
        public var name: String = ""
        /// The protocol metadata (subscription).
        public var metadata: [UInt8] = []

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            name: String = "",
            metadata: [UInt8] = []
        ) {
            self.name = name
            self.metadata = metadata
        }
    }
}

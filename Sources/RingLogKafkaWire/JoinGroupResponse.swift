/// The result of joining a group (API key 11).
///
/// Versions 0-5: 2 adds throttleTimeMs, 5 groupInstanceId.
///
/// Thread-safety: a value type (`Sendable`).
public struct JoinGroupResponse: Sendable, Equatable, _WireDefaultInitializable {
    /// How long the response was throttled for a quota, in milliseconds (0: not throttled).
    /// (Versions 2+.)
    public var throttleTimeMs: Int32 = 0
    /// The error, or none.
    public var errorCode: KafkaErrorCode = .none
    /// The generation ID.
    public var generationId: Int32 = -1
    /// The chosen protocol.
    public var protocolName: String = ""
    /// The leader's member ID.
    public var leader: String = ""
    /// This member's ID.
    public var memberId: String = ""
    /// Each element: one group member (sent to the leader only).
    public var members: [Member] = []

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = .none,
        generationId: Int32 = -1,
        protocolName: String = "",
        leader: String = "",
        memberId: String = "",
        members: [Member] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.generationId = generationId
        self.protocolName = protocolName
        self.leader = leader
        self.memberId = memberId
        self.members = members
    }

    /// One group member (sent to the leader only).
    public struct Member: Sendable, Equatable, _WireDefaultInitializable {
        /// The member ID.
        public var memberId: String = ""
        /// The static member ID, or nil. (Versions 5+.)
        public var groupInstanceId: String? = nil
        /// The member's protocol metadata.
        public var metadata: [UInt8] = []

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            memberId: String = "",
            groupInstanceId: String? = nil,
            metadata: [UInt8] = []
        ) {
            self.memberId = memberId
            self.groupInstanceId = groupInstanceId
            self.metadata = metadata
        }
    }
}

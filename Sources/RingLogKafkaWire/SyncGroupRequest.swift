/// Group members (the leader with assignments) synchronise (API key 14).
///
/// Versions 0-3: 3 adds groupInstanceId.
///
/// Thread-safety: a value type (`Sendable`).
public struct SyncGroupRequest: Sendable, Equatable, _WireDefaultInitializable {
    /// The group ID.
    public var groupId: String = ""
    /// The generation ID.
    public var generationId: Int32 = 0
    /// The member ID.
    public var memberId: String = ""
    /// The static member ID, or nil. (Versions 3+.)
    public var groupInstanceId: String? = nil
    /// Each element: one member's assignment (from the leader).
    public var assignments: [Assignment] = []

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        groupId: String = "",
        generationId: Int32 = 0,
        memberId: String = "",
        groupInstanceId: String? = nil,
        assignments: [Assignment] = []
    ) {
        self.groupId = groupId
        self.generationId = generationId
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.assignments = assignments
    }

    /// One member's assignment (from the leader).
    public struct Assignment: Sendable, Equatable, _WireDefaultInitializable {
        /// The member ID.
        public var memberId: String = ""
        /// The assignment bytes.
        public var assignment: [UInt8] = []

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            memberId: String = "",
            assignment: [UInt8] = []
        ) {
            self.memberId = memberId
            self.assignment = assignment
        }
    }
}

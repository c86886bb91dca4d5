/// A group member says it is alive (API key 12).
///
/// Versions 0-3: 3 adds groupInstanceId.
///
/// Thread-safety: a value type (`Sendable`).
public struct HeartbeatRequest: Sendable, Equatable, _WireDefaultInitializable {
    /// The group ID.
    public var groupId: String = ""
    /// The generation ID.
    public var generationId: Int32 = 0
    /// The member ID.
    public var memberId: String = ""
    /// The static member ID, or nil. (Versions 3+.)
    public var groupInstanceId: String? = nil

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        groupId: String = "",
        generationId: Int32 = 0,
        memberId: String = "",
        groupInstanceId: String? = nil
    ) {
        self.groupId = groupId
        self.generationId = generationId
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
    }
}

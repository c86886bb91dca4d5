/// A member leaves its group (API key 13).
///
/// Versions 0-1 (3 moves to a member array; not supported).
///
/// Thread-safety: a value type (`Sendable`).
public struct LeaveGroupRequest: Sendable, Equatable, _WireDefaultInitializable {
    /// The group ID.
    public var groupId: String = ""
    /// The member ID.
    public var memberId: String = ""

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        groupId: String = "",
        memberId: String = ""
    ) {
        self.groupId = groupId
        self.memberId = memberId
    }
}

/// A client asks which broker coordinates a group (API key 10).
///
/// Versions 0-2: 1 adds keyType.
///
/// Thread-safety: a value type (`Sendable`).
public struct FindCoordinatorRequest: Sendable, Equatable, _WireDefaultInitializable {
    /// The group ID (or transactional ID).
    public var key: String = ""
    /// 0 group, 1 transaction. (Versions 1+.)
    public var keyType: Int8 = 0

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        key: String = "",
        keyType: Int8 = 0
    ) {
        self.key = key
        self.keyType = keyType
    }
}

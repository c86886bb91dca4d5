/// The state of a consumer group in Kafka's classic group protocol.
///
/// - `empty` → `preparingRebalance`: a member joins.
/// - `preparingRebalance` → `completingRebalance`: every member has rejoined (after the initial
///   delay, for a group that was empty) or the rebalance timeout passed (the others are removed);
///   → `empty` instead when no member is left. Either way the generation goes up by one.
/// - `completingRebalance` → `stable`: the leader's SyncGroup arrived with the assignments.
/// - `completingRebalance` or `stable` → `preparingRebalance`: a new member joins, a member
///   leaves or its session expires, the leader rejoins, or a member rejoins with other protocols;
///   in `completingRebalance` also when the rebalance timeout passes before every member sent
///   SyncGroup (those that did not are removed).
///
/// There is no `Dead` state: a group that is `empty` and has no committed offsets is deleted by
/// ``GroupCoordinator/tick(now:)`` (or to make room for a new group); a request naming it
/// afterwards sees an unknown group.
///
/// Thread-safety: a value type (`Sendable`).
public enum GroupState: Sendable, Hashable, CustomStringConvertible {
    /// No members (the group may still hold committed offsets).
    case empty
    /// A rebalance started: JoinGroup responses wait until every member rejoined or the
    /// rebalance timeout passed; heartbeats answer REBALANCE_IN_PROGRESS.
    case preparingRebalance
    /// The new generation was announced; members wait in SyncGroup for the leader's assignment.
    case completingRebalance
    /// Every member has (or can fetch) its assignment for the current generation.
    case stable

    /// Kafka's name for the state.
    public var description: String {
        switch self {
        case .empty: "Empty"
        case .preparingRebalance: "PreparingRebalance"
        case .completingRebalance: "CompletingRebalance"
        case .stable: "Stable"
        }
    }
}

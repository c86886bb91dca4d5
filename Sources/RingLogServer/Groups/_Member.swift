import RingLogKafkaWire

/// One member of a group (its ID, subscription, timeouts and any request waiting for an answer).
///
/// Thread-safety: guarded by the coordinator's lock.
struct _Member {
    let id: String
    let clientId: String
    var groupInstanceId: String?
    /// The protocols the member supports, in its order of preference, with their metadata.
    var protocols: [JoinGroupRequest.ProtocolEntry]
    var sessionTimeoutNanoseconds: Int64
    var rebalanceTimeoutNanoseconds: Int64
    /// When the member is removed unless it heartbeats (ignored while a JoinGroup or SyncGroup
    /// of the member waits: the rebalance timeout or the leader's session bounds those).
    var sessionDeadline: Int64
    /// The member's JoinGroup waiting for the join barrier (PreparingRebalance only).
    var joinCompletion: (@Sendable (JoinGroupResponse) -> Void)?
    /// The member's SyncGroup waiting for the leader's (CompletingRebalance only).
    var syncCompletion: (@Sendable (SyncGroupResponse) -> Void)?
    /// The member's assignment in the current generation (empty until the leader's SyncGroup).
    var assignment: [UInt8] = []

    /// The metadata the member sent for `protocolName`, or nil if it does not support it. O(protocols).
    func metadata(for protocolName: String) -> [UInt8]? {
        protocols.first { $0.name == protocolName }?.metadata
    }

    /// Whether the member supports `protocolName`. O(protocols).
    func supports(_ protocolName: String) -> Bool {
        protocols.contains { $0.name == protocolName }
    }

    /// Whether the member is kept alive regardless of its session deadline.
    var isAwaiting: Bool { joinCompletion != nil || syncCompletion != nil }
}

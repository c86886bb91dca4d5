import RingLogKafkaWire

/// The state of every group of one coordinator, and the request handlers that change it. All
/// of it runs under ``GroupCoordinator``'s lock; answers to JoinGroup and SyncGroup go to an
/// `_Outbox` the coordinator runs after unlocking.
///
/// Thread-safety: guarded by the coordinator's lock.
final class _CoordinatorCore {
    let configuration: GroupCoordinatorConfiguration
    /// The part of a member ID after `clientId-` (a random UUID unless a test injects one).
    let makeMemberIdSuffix: @Sendable () -> String
    var groups: [String: _Group] = [:]
    var isShutDown = false

    init(configuration: GroupCoordinatorConfiguration, makeMemberIdSuffix: @escaping @Sendable () -> String) {
        self.configuration = configuration
        self.makeMemberIdSuffix = makeMemberIdSuffix
    }

    /// The group `id`, created if the coordinator has room for one more (deleting deletable
    /// groups first when at the limit), or nil. O(1), O(groups) at the limit.
    func groupCreatingIfRoom(_ id: String) -> _Group? {
        if let group = groups[id] { return group }
        if groups.count >= configuration.maxGroups {
            deleteDeletableGroups()
            if groups.count >= configuration.maxGroups { return nil }
        }
        let group = _Group(id: id)
        groups[id] = group
        return group
    }

    /// Deletes the groups that are empty and hold no offsets. O(groups).
    func deleteDeletableGroups() {
        let deletable = groups.compactMap { $0.value.isDeletable ? $0.key : nil }
        for id in deletable { groups[id] = nil }
    }

    /// A new member ID: the client ID (cut to `maxClientIdPrefix` characters), a dash, a UUID.
    func makeMemberId(clientId: String) -> String {
        "\(clientId.prefix(configuration.maxClientIdPrefix))-\(makeMemberIdSuffix())"
    }

    /// Whether `groupId` may name a group in JoinGroup, SyncGroup, Heartbeat and LeaveGroup.
    func isValidGroupId(_ groupId: String) -> Bool {
        !groupId.isEmpty && groupId.utf8.count <= configuration.maxGroupIdBytes
    }

    /// Expires sessions, unused member IDs and rebalance timeouts, and deletes groups left with
    /// nothing. O(groups + members).
    func tick(now: Int64, outbox: inout _Outbox) {
        for group in groups.values { group.expire(now: now, outbox: &outbox) }
        deleteDeletableGroups()
    }

    /// Answers everything waiting with NOT_COORDINATOR; from then on every request gets
    /// COORDINATOR_NOT_AVAILABLE. O(groups + members).
    func shutDown(outbox: inout _Outbox) {
        isShutDown = true
        for group in groups.values { group.abandon(with: .notCoordinator, outbox: &outbox) }
    }
}

/// Milliseconds to nanoseconds.
@inline(__always)
func _nanoseconds(milliseconds: Int32) -> Int64 { Int64(milliseconds) * 1_000_000 }

import RingLogKafkaWire

/// Completions collected while the coordinator's lock is held, run after it is released (so a
/// callback may call back into the coordinator, and never runs under the lock).
///
/// Thread-safety: confined to one call of a ``GroupCoordinator`` method.
struct _Outbox {
    private var actions: [() -> Void] = []

    /// Answers a JoinGroup later.
    mutating func add(_ completion: @escaping @Sendable (JoinGroupResponse) -> Void, _ response: JoinGroupResponse) {
        actions.append { completion(response) }
    }

    /// Answers a SyncGroup later.
    mutating func add(_ completion: @escaping @Sendable (SyncGroupResponse) -> Void, _ response: SyncGroupResponse) {
        actions.append { completion(response) }
    }

    /// Runs the collected completions in the order they were added. O(completions).
    consuming func run() {
        for action in actions { action() }
    }
}

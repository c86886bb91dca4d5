import NIOCore
import RingLogKafkaWire
import RingLogPlatform

/// The group handler `ringlog serve` uses by default: a ``GroupCoordinator`` behind the
/// `GroupRequestHandling` seam, so consumer groups (JoinGroup, SyncGroup, Heartbeat,
/// LeaveGroup, OffsetCommit, OffsetFetch) work over the wire.
///
/// - Time: every call passes `monotonicNanoseconds()` as the coordinator's `now`; from
///   `serverStarted` to `serverStopping` a repeated task on one of the server's event loops
///   calls `tick(now:)` every ``tickInterval`` (expiring sessions and rebalances).
/// - Answers: `respond` may be called from any thread (the broker completes the connection's
///   promise, and the connection keeps its responses in request order), so the coordinator's
///   completions are passed straight through: a JoinGroup or SyncGroup that waits for a
///   rebalance is answered from whichever thread completes it.
/// - Commits to a topic or partition the broker does not hold are answered
///   UNKNOWN_TOPIC_OR_PARTITION per partition (the coordinator's `partitionCheck`), unless the
///   configuration brings its own check.
/// - Under `block` retention each accepted commit goes to the broker, which frees the space
///   every group that committed on the partition has consumed.
/// - A closed connection needs nothing: its members expire by session timeout, and answers
///   still due to it are dropped by the broker.
/// - `serverStopping` shuts the coordinator down: waiting JoinGroups and SyncGroups get
///   NOT_COORDINATOR, later requests COORDINATOR_NOT_AVAILABLE.
///
/// Thread-safety: every member may be called from any thread (every event loop at once).
public final class CoordinatedGroups: GroupRequestHandling {
    /// How often the coordinator's timeouts are checked while the server runs.
    public static let tickInterval = TimeAmount.milliseconds(100)

    /// The coordinator (for inspection: `describeGroup`, `committedOffset`, `groupIds`).
    public let coordinator: GroupCoordinator

    private struct State {
        /// The broker whose topics commits are checked against (weak: the broker holds this).
        weak var broker: KafkaBroker?
        var ticks: RepeatedTask?
        var stopped = false
    }

    private let state: LockedValue<State>

    /// A handler with its own coordinator.
    /// - Parameter configuration: the coordinator's timeouts and limits; without a
    ///   `partitionCheck` of its own, commits are checked against the server's topics.
    public init(configuration: GroupCoordinatorConfiguration = GroupCoordinatorConfiguration()) {
        let state = LockedValue(State())
        var configuration = configuration
        if configuration.partitionCheck == nil {
            configuration.partitionCheck = { topic, partition in
                // Before `serverStarted` (no broker yet) every partition is accepted.
                guard let broker = state.withLock({ $0.broker }) else { return .none }
                return broker._partition(topic, partition) == nil ? .unknownTopicOrPartition : .none
            }
        }
        self.state = state
        coordinator = GroupCoordinator(configuration: configuration)
    }

    public func serverStarted(broker: KafkaBroker, eventLoops: any EventLoopGroup) {
        let coordinator = self.coordinator
        state.withLock { s in
            s.broker = broker
            guard !s.stopped, s.ticks == nil else { return }
            s.ticks = eventLoops.next().scheduleRepeatedTask(initialDelay: Self.tickInterval, delay: Self.tickInterval) { _ in
                coordinator.tick(now: monotonicNanoseconds())
            }
        }
    }

    public func serverStopping() {
        let ticks = state.withLock { s -> RepeatedTask? in
            s.stopped = true
            defer { s.ticks = nil }
            return s.ticks
        }
        ticks?.cancel()
        coordinator.shutDown()
    }

    public func joinGroup(_ request: JoinGroupRequest, context: GroupRequestContext,
                          respond: @escaping @Sendable (JoinGroupResponse) -> Void) {
        coordinator.joinGroup(request, version: context.apiVersion, clientId: context.clientId ?? "",
                              now: monotonicNanoseconds(), completion: respond)
    }

    public func syncGroup(_ request: SyncGroupRequest, context: GroupRequestContext,
                          respond: @escaping @Sendable (SyncGroupResponse) -> Void) {
        coordinator.syncGroup(request, now: monotonicNanoseconds(), completion: respond)
    }

    public func heartbeat(_ request: HeartbeatRequest, context: GroupRequestContext,
                          respond: @escaping @Sendable (HeartbeatResponse) -> Void) {
        respond(coordinator.heartbeat(request, now: monotonicNanoseconds()))
    }

    public func leaveGroup(_ request: LeaveGroupRequest, context: GroupRequestContext,
                           respond: @escaping @Sendable (LeaveGroupResponse) -> Void) {
        respond(coordinator.leaveGroup(request, now: monotonicNanoseconds()))
    }

    public func offsetCommit(_ request: OffsetCommitRequest, context: GroupRequestContext,
                             respond: @escaping @Sendable (OffsetCommitResponse) -> Void) {
        let response = coordinator.commitOffsets(request, now: monotonicNanoseconds())
        // `block` retention frees what every committing group has consumed.
        if let broker = state.withLock({ $0.broker }), broker.configuration.retention == .block {
            for (topic, answer) in zip(request.topics, response.topics) {
                for (partition, result) in zip(topic.partitions, answer.partitions) where result.errorCode == .none {
                    // What the coordinator holds now: of two racing commits the later one wins, as there.
                    let stored = coordinator.committedOffset(group: request.groupId, topic: topic.name, partition: partition.partitionIndex)
                    broker._groupCommitted(request.groupId, topic: topic.name, partition: partition.partitionIndex,
                                           offset: stored?.offset ?? partition.committedOffset)
                }
            }
        }
        respond(response)
    }

    public func offsetFetch(_ request: OffsetFetchRequest, context: GroupRequestContext,
                            respond: @escaping @Sendable (OffsetFetchResponse) -> Void) {
        respond(coordinator.fetchOffsets(request))
    }

    public func connectionClosed(_ connectionID: UInt64) {}
}

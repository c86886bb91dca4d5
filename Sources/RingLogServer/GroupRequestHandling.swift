import NIOCore
import RingLogKafkaWire

/// The seam between the broker and a consumer-group coordinator: the broker decodes the group
/// APIs (JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch) and hands each
/// request here; FindCoordinator is answered by the broker itself (this node is every group's
/// coordinator).
///
/// Each method gets the decoded request and a `respond` callback, and must call `respond`
/// exactly once, from any thread, now or later: JoinGroup and SyncGroup answers may wait until
/// a rebalance completes. Later calls of `respond` are ignored. The connection's responses stay
/// in request order, so a request not yet answered holds back the responses to the requests
/// after it on the same connection (other connections carry on). The broker encodes the
/// response in `context.apiVersion`.
///
/// The default implementations answer COORDINATOR_NOT_AVAILABLE (per partition for
/// OffsetCommit and OffsetFetch), which is what `UnavailableGroupCoordinator` serves.
///
/// Thread-safety: conforming types are called from every event loop at once.
public protocol GroupRequestHandling: Sendable {
    /// A member joins (or rejoins) a group.
    func joinGroup(_ request: JoinGroupRequest, context: GroupRequestContext,
                   respond: @escaping @Sendable (JoinGroupResponse) -> Void)
    /// A member of a generation syncs (the leader brings the assignments).
    func syncGroup(_ request: SyncGroupRequest, context: GroupRequestContext,
                   respond: @escaping @Sendable (SyncGroupResponse) -> Void)
    /// A member says it is alive.
    func heartbeat(_ request: HeartbeatRequest, context: GroupRequestContext,
                   respond: @escaping @Sendable (HeartbeatResponse) -> Void)
    /// A member leaves its group.
    func leaveGroup(_ request: LeaveGroupRequest, context: GroupRequestContext,
                    respond: @escaping @Sendable (LeaveGroupResponse) -> Void)
    /// A member (or a simple consumer, generation -1) commits offsets.
    func offsetCommit(_ request: OffsetCommitRequest, context: GroupRequestContext,
                      respond: @escaping @Sendable (OffsetCommitResponse) -> Void)
    /// A consumer reads its group's committed offsets.
    func offsetFetch(_ request: OffsetFetchRequest, context: GroupRequestContext,
                     respond: @escaping @Sendable (OffsetFetchResponse) -> Void)
    /// The connection `connectionID` closed (its pending requests will never be answered on it).
    func connectionClosed(_ connectionID: UInt64)
    /// `KafkaServer` serves `broker` on `eventLoops` from now on: start timers here.
    func serverStarted(broker: KafkaBroker, eventLoops: any EventLoopGroup)
    /// `KafkaServer` is stopping (before it fails the replies still pending): answer what waits
    /// and stop timers. `shutdown()` may call it more than once.
    func serverStopping()
}

/// The defaults: no coordinator here (COORDINATOR_NOT_AVAILABLE, which clients retry).
extension GroupRequestHandling {
    /// Answers COORDINATOR_NOT_AVAILABLE, echoing the member ID.
    public func joinGroup(_ request: JoinGroupRequest, context: GroupRequestContext,
                          respond: @escaping @Sendable (JoinGroupResponse) -> Void) {
        respond(JoinGroupResponse(errorCode: .coordinatorNotAvailable, memberId: request.memberId))
    }

    /// Answers COORDINATOR_NOT_AVAILABLE.
    public func syncGroup(_ request: SyncGroupRequest, context: GroupRequestContext,
                          respond: @escaping @Sendable (SyncGroupResponse) -> Void) {
        respond(SyncGroupResponse(errorCode: .coordinatorNotAvailable))
    }

    /// Answers COORDINATOR_NOT_AVAILABLE.
    public func heartbeat(_ request: HeartbeatRequest, context: GroupRequestContext,
                          respond: @escaping @Sendable (HeartbeatResponse) -> Void) {
        respond(HeartbeatResponse(errorCode: .coordinatorNotAvailable))
    }

    /// Answers COORDINATOR_NOT_AVAILABLE.
    public func leaveGroup(_ request: LeaveGroupRequest, context: GroupRequestContext,
                           respond: @escaping @Sendable (LeaveGroupResponse) -> Void) {
        respond(LeaveGroupResponse(errorCode: .coordinatorNotAvailable))
    }

    /// Answers COORDINATOR_NOT_AVAILABLE for every partition.
    public func offsetCommit(_ request: OffsetCommitRequest, context: GroupRequestContext,
                             respond: @escaping @Sendable (OffsetCommitResponse) -> Void) {
        respond(OffsetCommitResponse(topics: request.topics.map { topic in
            OffsetCommitResponse.Topic(name: topic.name, partitions: topic.partitions.map {
                OffsetCommitResponse.Partition(partitionIndex: $0.partitionIndex, errorCode: .coordinatorNotAvailable)
            })
        }))
    }

    /// Answers COORDINATOR_NOT_AVAILABLE at the top (v2+) and for every partition asked for.
    public func offsetFetch(_ request: OffsetFetchRequest, context: GroupRequestContext,
                            respond: @escaping @Sendable (OffsetFetchResponse) -> Void) {
        respond(OffsetFetchResponse(topics: (request.topics ?? []).map { topic in
            OffsetFetchResponse.Topic(name: topic.name, partitions: topic.partitionIndexes.map {
                OffsetFetchResponse.Partition(partitionIndex: $0, errorCode: .coordinatorNotAvailable)
            })
        }, errorCode: .coordinatorNotAvailable))
    }

    /// Does nothing.
    public func connectionClosed(_ connectionID: UInt64) {}

    public func serverStarted(broker: KafkaBroker, eventLoops: any EventLoopGroup) {}

    public func serverStopping() {}
}

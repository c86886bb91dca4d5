import Foundation
import RingLogKafkaWire
import RingLogServer

/// Milliseconds on a test's clock, in the coordinator's nanoseconds.
func ms(_ milliseconds: Int64) -> Int64 { milliseconds * 1_000_000 }

/// Collects the answers a completion receives (a test checks there is exactly one).
final class Captured<Response: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var received: [Response] = []

    /// A completion that records its answer here.
    var completion: @Sendable (Response) -> Void { { response in self.locked { $0.append(response) } } }
    /// Every answer so far.
    var all: [Response] { locked { $0 } }
    /// The only answer, or nil if none (or more than one) came.
    var answer: Response? { locked { $0.count == 1 ? $0[0] : nil } }
    /// Whether nothing was answered yet.
    var isWaiting: Bool { locked { $0.isEmpty } }

    private func locked<R>(_ body: (inout [Response]) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&received)
    }
}

/// A coordinator configuration for tests: no initial delay, otherwise the defaults.
func testCoordinator(_ adjust: (inout GroupCoordinatorConfiguration) -> Void = { _ in }) -> GroupCoordinator {
    var configuration = GroupCoordinatorConfiguration()
    configuration.initialRebalanceDelayMs = 0
    adjust(&configuration)
    let counter = Locked(0)
    return GroupCoordinator(configuration: configuration, memberIdSuffix: {
        counter.withValue { n in n += 1; return "\(n)" }
    })
}

extension GroupCoordinator {
    /// JoinGroup (v5 unless told) of `member` ("" for a new one) with protocol type "consumer"
    /// and `protocols` (name, metadata text); session 10 s, rebalance timeout 5 s unless told.
    func join(_ group: String, member: String = "", client: String = "client", protocols: [(String, String)] = [("range", "m")],
              type: String = "consumer", session: Int32 = 10_000, rebalance: Int32 = 5_000, version: Int16 = 5,
              at now: Int64) -> Captured<JoinGroupResponse> {
        let captured = Captured<JoinGroupResponse>()
        let request = JoinGroupRequest(groupId: group, sessionTimeoutMs: session, rebalanceTimeoutMs: rebalance, memberId: member,
                                       protocolType: type,
                                       protocols: protocols.map { .init(name: $0.0, metadata: Array($0.1.utf8)) })
        joinGroup(request, version: version, clientId: client, now: now, completion: captured.completion)
        return captured
    }

    /// A new v4+ member's two JoinGroups: MEMBER_ID_REQUIRED with its ID, then the join with it
    /// (whose answer may wait). Nil if the first answer is not MEMBER_ID_REQUIRED.
    func joinNew(_ group: String, client: String = "client", protocols: [(String, String)] = [("range", "m")],
                 session: Int32 = 10_000, rebalance: Int32 = 5_000, at now: Int64) -> (id: String, answer: Captured<JoinGroupResponse>)? {
        let first = join(group, client: client, protocols: protocols, session: session, rebalance: rebalance, at: now)
        guard let required = first.answer, required.errorCode == .memberIdRequired else { return nil }
        let second = join(group, member: required.memberId, client: client, protocols: protocols, session: session,
                          rebalance: rebalance, at: now)
        return (required.memberId, second)
    }

    /// SyncGroup of `member`; the leader passes `assignments` (member ID → assignment text).
    func sync(_ group: String, member: String, generation: Int32, assignments: [String: String] = [:],
              at now: Int64) -> Captured<SyncGroupResponse> {
        let captured = Captured<SyncGroupResponse>()
        let request = SyncGroupRequest(groupId: group, generationId: generation, memberId: member,
                                       assignments: assignments.sorted { $0.key < $1.key }.map { .init(memberId: $0.key, assignment: Array($0.value.utf8)) })
        syncGroup(request, now: now, completion: captured.completion)
        return captured
    }

    /// Heartbeat's error.
    func beat(_ group: String, member: String, generation: Int32, at now: Int64) -> KafkaErrorCode {
        heartbeat(HeartbeatRequest(groupId: group, generationId: generation, memberId: member), now: now).errorCode
    }

    /// LeaveGroup's error.
    func leave(_ group: String, member: String, at now: Int64) -> KafkaErrorCode {
        leaveGroup(LeaveGroupRequest(groupId: group, memberId: member), now: now).errorCode
    }

    /// OffsetCommit of `offsets` (partition → offset) of `topic`; one error per partition in
    /// ascending partition order.
    func commit(_ group: String, member: String = "", generation: Int32 = -1, topic: String = "t", _ offsets: [Int32: Int64],
                metadata: String? = nil, at now: Int64) -> [KafkaErrorCode] {
        let request = OffsetCommitRequest(groupId: group, generationId: generation, memberId: member, topics: [
            .init(name: topic, partitions: offsets.sorted { $0.key < $1.key }.map {
                .init(partitionIndex: $0.key, committedOffset: $0.value, committedMetadata: metadata)
            })])
        return commitOffsets(request, now: now).topics.flatMap { $0.partitions.map(\.errorCode) }
    }

    /// OffsetFetch's committed offsets of `partitions` of `topic` (-1: none).
    func fetch(_ group: String, topic: String = "t", _ partitions: [Int32]) -> [Int64] {
        fetchOffsets(OffsetFetchRequest(groupId: group, topics: [.init(name: topic, partitionIndexes: partitions)]))
            .topics.flatMap { $0.partitions.map(\.committedOffset) }
    }
}

extension JoinGroupResponse {
    /// The members' IDs and metadata as text (what the leader gets).
    var memberMetadata: [String: String] {
        Dictionary(uniqueKeysWithValues: members.map { ($0.memberId, String(decoding: $0.metadata, as: UTF8.self)) })
    }
}

extension SyncGroupResponse {
    /// The assignment as text.
    var text: String { String(decoding: assignment, as: UTF8.self) }
}

import Foundation
import Testing
import RingLogKafkaWire
import RingLogServer

/// `ringlog serve`'s default group handler (`CoordinatedGroups`) over a raw socket.
@Suite("ringlog serve: consumer groups over the wire", .waitsOnItsOwnThread)
struct ServeGroupsWireTests {
    @Test("the server serves a GroupCoordinator by default: JoinGroup v5 asks for a member ID, then join, sync, heartbeat, commit, fetch, leave")
    func joinSyncCommitLeave() throws {
        let (server, _) = try startServeTestServer()
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        _ = try client.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)
        let join = JoinGroupRequest(groupId: "g", sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, protocolType: "consumer",
                                    protocols: [.init(name: "range", metadata: [1, 2, 3])])
        let first = try client.call(.joinGroup(join), version: 5, as: JoinGroupResponse.self)
        #expect(first.errorCode == .memberIdRequired && !first.memberId.isEmpty)
        var rejoin = join
        rejoin.memberId = first.memberId
        // The empty group's initial rebalance delay (3 s by default) passes by the server's tick.
        let joined = try client.call(.joinGroup(rejoin), version: 5, as: JoinGroupResponse.self)
        #expect(joined.errorCode == .none && joined.generationId == 1 && joined.leader == first.memberId)
        #expect(joined.protocolName == "range" && joined.members.count == 1)
        let sync = try client.call(.syncGroup(SyncGroupRequest(groupId: "g", generationId: 1, memberId: first.memberId,
                                                               assignments: [.init(memberId: first.memberId, assignment: [9, 8])])),
                                   version: 3, as: SyncGroupResponse.self)
        #expect(sync.errorCode == .none && sync.assignment == [9, 8])
        let beat = try client.call(.heartbeat(HeartbeatRequest(groupId: "g", generationId: 1, memberId: first.memberId)),
                                   version: 3, as: HeartbeatResponse.self)
        #expect(beat.errorCode == .none)
        let commit = try client.call(.offsetCommit(OffsetCommitRequest(groupId: "g", generationId: 1, memberId: first.memberId, topics: [
            .init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 7)]),
            .init(name: "nope", partitions: [.init(partitionIndex: 0, committedOffset: 1)])])),
                                     version: 7, as: OffsetCommitResponse.self)
        #expect(commit.topics[0].partitions[0].errorCode == .none)
        #expect(commit.topics[1].partitions[0].errorCode == .unknownTopicOrPartition)
        let fetched = try client.call(.offsetFetch(OffsetFetchRequest(groupId: "g", topics: [.init(name: "t", partitionIndexes: [0])])),
                                      version: 5, as: OffsetFetchResponse.self)
        #expect(fetched.errorCode == .none && fetched.topics[0].partitions[0].committedOffset == 7)
        let leave = try client.call(.leaveGroup(LeaveGroupRequest(groupId: "g", memberId: first.memberId)), version: 1, as: LeaveGroupResponse.self)
        #expect(leave.errorCode == .none)
        let after = try client.call(.heartbeat(HeartbeatRequest(groupId: "g", generationId: 1, memberId: first.memberId)),
                                    version: 3, as: HeartbeatResponse.self)
        #expect(after.errorCode == .unknownMemberId)
    }

    @Test("a member that stops heartbeating is expired by the server's tick (session timeout 1 s), and its group rebalances")
    func sessionExpiresByTick() throws {
        let (server, groups, _) = try startServeGroupsServer(initialRebalanceDelayMs: 0)
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        let join = JoinGroupRequest(groupId: "g", sessionTimeoutMs: 1_000, rebalanceTimeoutMs: 1_000, memberId: "",
                                    protocolType: "consumer", protocols: [.init(name: "range", metadata: [])])
        let joined = try client.call(.joinGroup(join), version: 3, as: JoinGroupResponse.self) // v3: no MEMBER_ID_REQUIRED
        #expect(joined.errorCode == .none && joined.generationId == 1)
        _ = try client.call(.syncGroup(SyncGroupRequest(groupId: "g", generationId: 1, memberId: joined.memberId)), version: 3,
                            as: SyncGroupResponse.self)
        #expect(groups.coordinator.describeGroup("g")?.memberIds.count == 1)
        let expired = serveGroupsWait(5) { groups.coordinator.describeGroup("g")?.memberIds.isEmpty ?? true }
        #expect(expired)
        let beat = try client.call(.heartbeat(HeartbeatRequest(groupId: "g", generationId: 1, memberId: joined.memberId)),
                                   version: 3, as: HeartbeatResponse.self)
        #expect(beat.errorCode == .unknownMemberId)
    }

    @Test("shutdown answers a JoinGroup still waiting for its rebalance (NOT_COORDINATOR, or the connection closes), later ones COORDINATOR_NOT_AVAILABLE")
    func shutdownAnswersWaitingJoin() throws {
        let (server, groups, _) = try startServeGroupsServer(initialRebalanceDelayMs: 60_000)
        let client = try ServeTestClient(port: server.address.port)
        let correlationId = try client.send(.joinGroup(JoinGroupRequest(groupId: "g", sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 120_000,
                                                                        protocolType: "consumer", protocols: [.init(name: "range", metadata: [])])),
                                            version: 3)
        #expect(serveGroupsWait(5) { groups.coordinator.describeGroup("g")?.memberIds.count == 1 })
        server.shutdown()
        if let frame = try client.receiveFrame() {
            let (echoed, body) = try KafkaResponseFrame.decode(JoinGroupResponse.self, from: frame[...], version: 3)
            #expect(echoed == correlationId && body.errorCode == .notCoordinator)
        }
        let later = groups.coordinator.heartbeat(HeartbeatRequest(groupId: "g", generationId: 1, memberId: "m"), now: 0)
        #expect(later.errorCode == .coordinatorNotAvailable)
    }

    @Test("a committed offset below the log start (overwrite retention) gets OFFSET_OUT_OF_RANGE from Fetch, so the client resets")
    func committedOffsetBelowLogStart() throws {
        let (server, groups, _) = try startServeGroupsServer { $0.ringCapacity = 1 << 14 }
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        _ = try client.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)
        let commit = try client.call(.offsetCommit(OffsetCommitRequest(groupId: "g", topics: [
            .init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 0)])])), version: 2, as: OffsetCommitResponse.self)
        #expect(commit.topics[0].partitions[0].errorCode == .none)
        for round in 0..<40 {
            let produced = try client.call(serveProduce("t", records: try serveTestBatch(50, prefix: "r\(round)-")), version: 7,
                                           as: ProduceResponse.self)
            #expect(produced.topics[0].partitions[0].errorCode == .none)
        }
        let committed = try #require(groups.coordinator.committedOffset(group: "g", topic: "t", partition: 0))
        let fetch = try client.call(serveFetch("t", offset: committed.offset), version: 11, as: FetchResponse.self)
        let partition = fetch.topics[0].partitions[0]
        #expect(partition.errorCode == .offsetOutOfRange && partition.logStartOffset > committed.offset)
    }
}

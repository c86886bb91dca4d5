import RingLogKafkaWire
import RingLogServer
import Testing

/// A group "g" with members A (the leader, joined first) and B, Stable in generation 2, A's
/// assignment "pA", B's "pB".
private func stablePair(_ c: GroupCoordinator, at now: Int64) throws -> (a: String, b: String) {
    let a = try #require(c.joinNew("g", client: "A", protocols: [("range", "subA")], at: now))
    let first = try #require(a.answer.answer)
    _ = c.sync("g", member: a.id, generation: first.generationId, assignments: [a.id: "all"], at: now)
    let b = try #require(c.joinNew("g", client: "B", protocols: [("range", "subB")], at: now))
    let aAgain = c.join("g", member: a.id, client: "A", protocols: [("range", "subA")], at: now)
    let joinA = try #require(aAgain.answer), joinB = try #require(b.answer.answer)
    _ = c.sync("g", member: b.id, generation: joinB.generationId, at: now)
    _ = c.sync("g", member: a.id, generation: joinA.generationId, assignments: [a.id: "pA", b.id: "pB"], at: now)
    try #require(c.describeGroup("g")?.state == .stable && c.describeGroup("g")?.generationId == 2)
    return (a.id, b.id)
}

@Suite("GroupCoordinator: joining, syncing, rebalancing")
struct GroupCoordinatorRebalanceTests {
    @Test("one member: MEMBER_ID_REQUIRED, joins with the ID, leads generation 1, syncs, Stable, heartbeats OK")
    func oneMemberJoinsSyncsAndHeartbeats() throws {
        let c = testCoordinator()
        let first = c.join("g", client: "rdkafka", protocols: [("range", "sub")], at: ms(0))
        let required = try #require(first.answer)
        #expect(required.errorCode == .memberIdRequired && required.memberId == "rdkafka-1")
        #expect(c.describeGroup("g")?.state == .empty && c.describeGroup("g")?.pendingMemberCount == 1)

        let join = try #require(c.join("g", member: required.memberId, client: "rdkafka", protocols: [("range", "sub")], at: ms(5)).answer)
        #expect(join.errorCode == .none && join.generationId == 1 && join.protocolName == "range")
        #expect(join.leader == "rdkafka-1" && join.memberId == "rdkafka-1")
        #expect(join.memberMetadata == ["rdkafka-1": "sub"])
        #expect(c.describeGroup("g")?.state == .completingRebalance)

        let sync = try #require(c.sync("g", member: join.memberId, generation: 1, assignments: ["rdkafka-1": "t:0,1,2"], at: ms(10)).answer)
        #expect(sync.errorCode == .none && sync.text == "t:0,1,2")
        #expect(c.describeGroup("g")?.state == .stable)
        #expect(c.beat("g", member: join.memberId, generation: 1, at: ms(3_000)) == .none)
        // Heartbeats keep the session alive well past one session timeout (10 s).
        for second in 1...30 {
            c.tick(now: ms(Int64(second) * 1_000))
            #expect(c.beat("g", member: join.memberId, generation: 1, at: ms(Int64(second) * 1_000)) == .none)
        }
        #expect(c.describeGroup("g")?.memberIds == ["rdkafka-1"])
        // A SyncGroup in Stable gets the member's assignment again.
        #expect(c.sync("g", member: join.memberId, generation: 1, at: ms(30_000)).answer?.text == "t:0,1,2")
    }

    @Test("a second member: the first's heartbeat gets REBALANCE_IN_PROGRESS, both join answers come together, the leader gets both subscriptions, each syncs its own assignment")
    func secondMemberRebalancesBoth() throws {
        let c = testCoordinator()
        let a = try #require(c.joinNew("g", client: "A", protocols: [("range", "subA")], at: ms(0)))
        #expect(a.answer.answer?.generationId == 1)
        _ = c.sync("g", member: a.id, generation: 1, assignments: [a.id: "all"], at: ms(1))

        let b = try #require(c.joinNew("g", client: "B", protocols: [("range", "subB")], at: ms(100)))
        #expect(b.answer.isWaiting)
        #expect(c.describeGroup("g")?.state == .preparingRebalance)
        #expect(c.beat("g", member: a.id, generation: 1, at: ms(200)) == .rebalanceInProgress)
        #expect(b.answer.isWaiting)

        let aAgain = c.join("g", member: a.id, client: "A", protocols: [("range", "subA")], at: ms(300))
        let joinA = try #require(aAgain.answer), joinB = try #require(b.answer.answer)
        #expect(joinA.generationId == 2 && joinB.generationId == 2)
        #expect(joinA.leader == a.id && joinB.leader == a.id)
        #expect(joinA.memberMetadata == [a.id: "subA", b.id: "subB"])
        #expect(joinB.members.isEmpty)

        let syncB = c.sync("g", member: b.id, generation: 2, at: ms(400))
        #expect(syncB.isWaiting)
        #expect(c.beat("g", member: b.id, generation: 2, at: ms(450)) == .none)
        let syncA = c.sync("g", member: a.id, generation: 2, assignments: [a.id: "t:0", b.id: "t:1"], at: ms(500))
        #expect(syncA.answer?.text == "t:0" && syncB.answer?.text == "t:1")
        #expect(c.describeGroup("g")?.state == .stable)
        #expect(c.beat("g", member: a.id, generation: 2, at: ms(600)) == .none)
        #expect(c.beat("g", member: b.id, generation: 1, at: ms(600)) == .illegalGeneration)
        #expect(c.sync("g", member: b.id, generation: 1, at: ms(600)).answer?.errorCode == .illegalGeneration)
    }

    @Test("a member leaves: the other's heartbeat gets REBALANCE_IN_PROGRESS and it rejoins alone with everything")
    func leaveRebalancesRemainingMemberGetsAll() throws {
        let c = testCoordinator()
        let (a, b) = try stablePair(c, at: ms(0))
        #expect(c.leave("g", member: b, at: ms(1_000)) == .none)
        #expect(c.describeGroup("g")?.memberIds == [a])
        #expect(c.beat("g", member: a, generation: 2, at: ms(1_100)) == .rebalanceInProgress)
        let join = try #require(c.join("g", member: a, client: "A", protocols: [("range", "subA")], at: ms(1_200)).answer)
        #expect(join.generationId == 3 && join.leader == a && join.memberMetadata == [a: "subA"])
        #expect(c.sync("g", member: a, generation: 3, assignments: [a: "t:0,1"], at: ms(1_300)).answer?.text == "t:0,1")
        #expect(c.beat("g", member: b, generation: 2, at: ms(1_400)) == .unknownMemberId)
        #expect(c.leave("g", member: b, at: ms(1_500)) == .unknownMemberId)
    }

    @Test("the leader leaves: the follower becomes leader of the next generation")
    func leaderLeavesFollowerLeads() throws {
        let c = testCoordinator()
        let (a, b) = try stablePair(c, at: ms(0))
        #expect(c.leave("g", member: a, at: ms(1_000)) == .none)
        #expect(c.describeGroup("g")?.leaderId == b)
        let join = try #require(c.join("g", member: b, client: "B", protocols: [("range", "subB")], at: ms(1_100)).answer)
        #expect(join.generationId == 3 && join.leader == b && join.memberMetadata == [b: "subB"])
    }

    @Test("a member that stops heartbeating is removed after its session timeout, and the group rebalances")
    func silentMemberExpiresAfterSessionTimeout() throws {
        let c = testCoordinator()
        let (a, b) = try stablePair(c, at: ms(0))
        for t in stride(from: Int64(1_000), through: 9_000, by: 1_000) {
            #expect(c.beat("g", member: a, generation: 2, at: ms(t)) == .none)
            c.tick(now: ms(t))
        }
        c.tick(now: ms(9_999))
        #expect(c.describeGroup("g")?.memberIds == [a, b])  // B's session (10 s) has not passed yet
        c.tick(now: ms(10_000))
        #expect(c.describeGroup("g")?.memberIds == [a])
        #expect(c.describeGroup("g")?.state == .preparingRebalance)
        #expect(c.beat("g", member: a, generation: 2, at: ms(10_100)) == .rebalanceInProgress)
        #expect(c.beat("g", member: b, generation: 2, at: ms(10_100)) == .unknownMemberId)
        let join = try #require(c.join("g", member: a, client: "A", protocols: [("range", "subA")], at: ms(10_200)).answer)
        #expect(join.generationId == 3 && join.memberMetadata == [a: "subA"])
    }

    @Test("a member that does not rejoin within the rebalance timeout is dropped; the join completes for the others")
    func memberNotRejoiningIsDropped() throws {
        let c = testCoordinator()
        let (a, b) = try stablePair(c, at: ms(0))
        let newcomer = try #require(c.joinNew("g", client: "C", protocols: [("range", "subC")], at: ms(1_000)))
        let aAgain = c.join("g", member: a, client: "A", protocols: [("range", "subA")], at: ms(1_100))
        // B keeps heartbeating (REBALANCE_IN_PROGRESS) but never rejoins.
        for t in stride(from: Int64(2_000), through: 5_000, by: 1_000) {
            #expect(c.beat("g", member: b, generation: 2, at: ms(t)) == .rebalanceInProgress)
            c.tick(now: ms(t))
        }
        #expect(aAgain.isWaiting && newcomer.answer.isWaiting)
        c.tick(now: ms(5_999))
        #expect(aAgain.isWaiting)
        c.tick(now: ms(6_000))  // the rebalance started at 1 s; the longest rebalance timeout is 5 s
        let joinA = try #require(aAgain.answer), joinC = try #require(newcomer.answer.answer)
        #expect(joinA.generationId == 3 && joinC.generationId == 3)
        #expect(joinA.memberMetadata == [a: "subA", newcomer.id: "subC"])
        #expect(c.describeGroup("g")?.memberIds == [a, newcomer.id])
        #expect(c.beat("g", member: b, generation: 2, at: ms(6_100)) == .unknownMemberId)
        // B comes back as a new member (librdkafka resets its ID on UNKNOWN_MEMBER_ID).
        #expect(c.join("g", member: b, client: "B", at: ms(6_200)).answer?.errorCode == .unknownMemberId)
    }

    @Test("SyncGroups waiting for the leader get REBALANCE_IN_PROGRESS when a rebalance starts first")
    func waitingSyncsGetRebalanceInProgress() throws {
        let c = testCoordinator()
        let (a, b) = try stablePair(c, at: ms(0))
        _ = try #require(c.joinNew("g", client: "C", at: ms(1_000)))
        _ = c.join("g", member: a, client: "A", protocols: [("range", "subA")], at: ms(1_000))
        let joinB = c.join("g", member: b, client: "B", protocols: [("range", "subB")], at: ms(1_000))
        #expect(joinB.answer?.generationId == 3)
        let syncB = c.sync("g", member: b, generation: 3, at: ms(1_100))
        #expect(syncB.isWaiting)
        #expect(c.leave("g", member: a, at: ms(1_200)) == .none)  // the leader leaves before syncing
        #expect(syncB.answer?.errorCode == .rebalanceInProgress)
        #expect(c.sync("g", member: b, generation: 3, at: ms(1_300)).answer?.errorCode == .rebalanceInProgress)
    }

    @Test("JoinGroup before v4 joins at once with a new ID; v0's rebalance timeout is its session timeout")
    func oldVersionsJoinWithoutMemberIdRequired() throws {
        let c = testCoordinator()
        let join = try #require(c.join("g", client: "old", session: 6_000, rebalance: -1, version: 0, at: ms(0)).answer)
        #expect(join.errorCode == .none && join.memberId == "old-1" && join.generationId == 1)
        _ = c.sync("g", member: join.memberId, generation: 1, assignments: [join.memberId: "x"], at: ms(0))
        let other = c.join("g", client: "old", session: 6_000, rebalance: -1, version: 3, at: ms(100))
        #expect(other.isWaiting && c.describeGroup("g")?.memberIds == [join.memberId, "old-2"])
        #expect(c.beat("g", member: join.memberId, generation: 1, at: ms(5_000)) == .rebalanceInProgress)
        c.tick(now: ms(6_099))
        #expect(other.isWaiting)
        c.tick(now: ms(6_100))  // old-1 heartbeats but never rejoins: dropped 6 s after the rebalance began
        #expect(other.answer?.generationId == 2 && other.answer?.leader == "old-2")
    }

    @Test("an empty group waits the initial rebalance delay, extended by each joiner up to the rebalance timeout, so members starting together share generation 1")
    func initialDelayGathersMembers() throws {
        let c = testCoordinator { $0.initialRebalanceDelayMs = 3_000 }
        let a = try #require(c.joinNew("g", client: "A", at: ms(0)))
        let b = try #require(c.joinNew("g", client: "B", at: ms(500)))
        c.tick(now: ms(3_499))
        #expect(a.answer.isWaiting && b.answer.isWaiting)
        c.tick(now: ms(3_500))
        #expect(a.answer.answer?.generationId == 1 && b.answer.answer?.generationId == 1)
        #expect(a.answer.answer?.members.count == 2)

        // Joiners keep coming: the delay stops at the rebalance timeout (5 s after the first join).
        let d = testCoordinator { $0.initialRebalanceDelayMs = 3_000 }
        let first = try #require(d.joinNew("g", client: "A", at: ms(0)))
        for (i, t) in [2_000, 4_000].enumerated() { _ = try #require(d.joinNew("g", client: "C\(i)", at: ms(Int64(t)))) }
        d.tick(now: ms(4_999))
        #expect(first.answer.isWaiting)
        d.tick(now: ms(5_000))
        #expect(first.answer.answer?.members.count == 3)
    }

    @Test("a member ID handed out with MEMBER_ID_REQUIRED and never used expires; the empty group is deleted")
    func unusedMemberIdExpires() throws {
        let c = testCoordinator()
        let first = try #require(c.join("g", session: 10_000, at: ms(0)).answer)
        #expect(first.errorCode == .memberIdRequired)
        c.tick(now: ms(9_999))
        #expect(c.describeGroup("g")?.pendingMemberCount == 1)
        c.tick(now: ms(10_000))
        #expect(c.describeGroup("g") == nil && c.groupIds.isEmpty)
        #expect(c.join("g", member: first.memberId, at: ms(10_100)).answer?.errorCode == .unknownMemberId)
    }

    @Test("a known member retrying JoinGroup with unchanged protocols gets the current generation, no rebalance")
    func retriedJoinKeepsGeneration() throws {
        let c = testCoordinator()
        let (_, b) = try stablePair(c, at: ms(0))
        let again = try #require(c.join("g", member: b, client: "B", protocols: [("range", "subB")], at: ms(100)).answer)
        #expect(again.generationId == 2 && again.members.isEmpty && c.describeGroup("g")?.state == .stable)
        // New protocol metadata (a changed subscription) does rebalance.
        let changed = c.join("g", member: b, client: "B", protocols: [("range", "subB2")], at: ms(200))
        #expect(changed.isWaiting && c.describeGroup("g")?.state == .preparingRebalance)
    }

    @Test("shutting down answers waiting JoinGroups and SyncGroups with NOT_COORDINATOR, later requests COORDINATOR_NOT_AVAILABLE")
    func shutDownAnswersEverythingWaiting() throws {
        let c = testCoordinator()
        let (a, _) = try stablePair(c, at: ms(0))
        let newcomer = try #require(c.joinNew("g", client: "C", at: ms(100)))
        c.shutDown()
        #expect(newcomer.answer.answer?.errorCode == .notCoordinator)
        #expect(c.beat("g", member: a, generation: 2, at: ms(200)) == .coordinatorNotAvailable)
        #expect(c.join("g", at: ms(200)).answer?.errorCode == .coordinatorNotAvailable)
    }

    @Test("completions run outside the coordinator's lock: a JoinGroup answer may send the SyncGroup from inside the callback")
    func completionsMayCallBack() throws {
        let c = testCoordinator()
        let (a, b) = try stablePair(c, at: ms(0))
        let synced = Captured<SyncGroupResponse>()
        let request = JoinGroupRequest(groupId: "g", sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 5_000, memberId: b,
                                       protocolType: "consumer", protocols: [.init(name: "range", metadata: Array("subB2".utf8))])
        c.joinGroup(request, version: 5, clientId: "B", now: ms(100)) { join in
            c.syncGroup(SyncGroupRequest(groupId: "g", generationId: join.generationId, memberId: b), now: ms(200),
                        completion: synced.completion)
        }
        #expect(synced.isWaiting)
        // A's rejoin completes the barrier; B's callback (run on this thread) sends B's SyncGroup.
        let joinA = try #require(c.join("g", member: a, client: "A", protocols: [("range", "subA")], at: ms(200)).answer)
        #expect(joinA.generationId == 3 && joinA.memberMetadata[b] == "subB2")
        #expect(synced.isWaiting)
        _ = c.sync("g", member: a, generation: 3, assignments: [a: "x", b: "y"], at: ms(300))
        #expect(synced.answer?.text == "y")
    }

    @Test("a member's second JoinGroup while its first waits supersedes it: the first gets REBALANCE_IN_PROGRESS, each answered once")
    func supersededJoinIsAnswered() throws {
        let c = testCoordinator()
        let (a, b) = try stablePair(c, at: ms(0))
        let first = c.join("g", member: b, client: "B", protocols: [("range", "subB2")], at: ms(100))
        let second = c.join("g", member: b, client: "B", protocols: [("range", "subB3")], at: ms(150))
        #expect(first.answer?.errorCode == .rebalanceInProgress && second.isWaiting)
        let joinA = try #require(c.join("g", member: a, client: "A", protocols: [("range", "subA")], at: ms(200)).answer)
        #expect(joinA.memberMetadata[b] == "subB3" && second.answer?.generationId == 3)
        #expect(first.all.count == 1 && second.all.count == 1)
        // Heartbeats and LeaveGroup of a member ID handed out but not used yet.
        let pending = try #require(c.join("g", client: "C", at: ms(300)).answer)
        #expect(pending.errorCode == .memberIdRequired)
        #expect(c.beat("g", member: pending.memberId, generation: 3, at: ms(300)) == .unknownMemberId)
        #expect(c.leave("g", member: pending.memberId, at: ms(300)) == .none)
        #expect(c.describeGroup("g")?.pendingMemberCount == 0)
    }

    @Test("a leader that never sends SyncGroup is removed once CompletingRebalance lasts the rebalance timeout; the waiting follower gets REBALANCE_IN_PROGRESS")
    func leaderNeverSyncingIsRemoved() throws {
        let c = testCoordinator()
        let (a, b) = try stablePair(c, at: ms(0))
        _ = c.join("g", member: b, client: "B", protocols: [("range", "subB2")], at: ms(1_000))
        _ = c.join("g", member: a, client: "A", protocols: [("range", "subA")], at: ms(1_000))
        #expect(c.describeGroup("g")?.state == .completingRebalance && c.describeGroup("g")?.generationId == 3)
        let syncB = c.sync("g", member: b, generation: 3, at: ms(1_100))
        for t in stride(from: Int64(2_000), through: 5_000, by: 1_000) {
            #expect(c.beat("g", member: a, generation: 3, at: ms(t)) == .none)  // alive, but no SyncGroup
            c.tick(now: ms(t))
        }
        c.tick(now: ms(5_999))
        #expect(syncB.isWaiting)
        c.tick(now: ms(6_000))
        #expect(syncB.answer?.errorCode == .rebalanceInProgress)
        #expect(c.describeGroup("g")?.memberIds == [b] && c.describeGroup("g")?.leaderId == b)
        #expect(c.beat("g", member: a, generation: 3, at: ms(6_100)) == .unknownMemberId)
    }
}

import RingLogKafkaWire
import RingLogServer
import Testing

@Suite("GroupCoordinator: protocols, timeouts, limits")
struct GroupCoordinatorProtocolTests {
    @Test("a member with no protocol in common, or another protocol type, gets INCONSISTENT_GROUP_PROTOCOL")
    func protocolMismatchIsInconsistent() throws {
        let c = testCoordinator()
        let a = try #require(c.joinNew("g", client: "A", protocols: [("range", "x")], at: ms(0)))
        #expect(a.answer.answer?.errorCode == KafkaErrorCode.none)
        #expect(c.join("g", client: "B", protocols: [("roundrobin", "y")], at: ms(10)).answer?.errorCode == .inconsistentGroupProtocol)
        #expect(c.join("g", client: "B", protocols: [("range", "y")], type: "connect", at: ms(10)).answer?.errorCode == .inconsistentGroupProtocol)
        #expect(c.join("g", client: "B", protocols: [], at: ms(10)).answer?.errorCode == .inconsistentGroupProtocol)
        #expect(c.join("empty", client: "B", protocols: [], at: ms(10)).answer?.errorCode == .inconsistentGroupProtocol)
        // The sole member may change its protocols.
        #expect(c.join("g", member: a.id, client: "A", protocols: [("roundrobin", "x")], at: ms(20)).answer?.protocolName == "roundrobin")
        #expect(c.describeGroup("g")?.memberIds == [a.id])
    }

    @Test("the protocol is chosen by the members' votes among those all support, ties to the leader's preference")
    func protocolChosenByVotes() throws {
        let c = testCoordinator { $0.initialRebalanceDelayMs = 1_000 }
        let a = try #require(c.joinNew("g", client: "A", protocols: [("range", "a1"), ("roundrobin", "a2")], at: ms(0)))
        let b = try #require(c.joinNew("g", client: "B", protocols: [("roundrobin", "b2"), ("range", "b1")], at: ms(0)))
        let d = try #require(c.joinNew("g", client: "D", protocols: [("sticky", "d3"), ("roundrobin", "d2"), ("range", "d1")], at: ms(0)))
        c.tick(now: ms(1_000))
        let leader = try #require(a.answer.answer)
        #expect(leader.protocolName == "roundrobin" && b.answer.answer?.protocolName == "roundrobin")
        #expect(leader.memberMetadata == [a.id: "a2", b.id: "b2", d.id: "d2"])

        let tie = testCoordinator { $0.initialRebalanceDelayMs = 1_000 }
        let x = try #require(tie.joinNew("g", client: "X", protocols: [("range", ""), ("roundrobin", "")], at: ms(0)))
        _ = try #require(tie.joinNew("g", client: "Y", protocols: [("roundrobin", ""), ("range", "")], at: ms(0)))
        tie.tick(now: ms(1_000))
        #expect(x.answer.answer?.protocolName == "range")
    }

    @Test("session timeouts outside the bounds get INVALID_SESSION_TIMEOUT; empty group IDs INVALID_GROUP_ID")
    func invalidSessionTimeoutAndGroupId() {
        let c = testCoordinator { $0.minSessionTimeoutMs = 6_000; $0.maxSessionTimeoutMs = 300_000 }
        #expect(c.join("g", session: 5_999, at: ms(0)).answer?.errorCode == .invalidSessionTimeout)
        #expect(c.join("g", session: 300_001, at: ms(0)).answer?.errorCode == .invalidSessionTimeout)
        #expect(c.join("g", session: 6_000, at: ms(0)).answer?.errorCode == .memberIdRequired)
        #expect(c.join("", session: 6_000, at: ms(0)).answer?.errorCode == .invalidGroupId)
        #expect(c.beat("", member: "m", generation: 1, at: ms(0)) == .invalidGroupId)
        #expect(c.beat("nobody", member: "m", generation: 1, at: ms(0)) == .unknownMemberId)
        #expect(c.sync("nobody", member: "m", generation: 1, at: ms(0)).answer?.errorCode == .unknownMemberId)
    }

    @Test("bounded: members per group (GROUP_MAX_SIZE_REACHED), groups (COORDINATOR_NOT_AVAILABLE), protocols and metadata (INVALID_REQUEST)")
    func limits() throws {
        let c = testCoordinator {
            $0.maxMembersPerGroup = 2
            $0.maxGroups = 2
            $0.maxProtocolsPerMember = 2
            $0.maxMemberMetadataBytes = 16
        }
        _ = try #require(c.joinNew("g", client: "A", at: ms(0)))
        #expect(c.join("g", client: "B", at: ms(0)).answer?.errorCode == .memberIdRequired)  // pending counts
        #expect(c.join("g", client: "C", at: ms(0)).answer?.errorCode == .groupMaxSizeReached)
        #expect(c.commit("offsets-only", [0: 1], at: ms(0)) == [.none])
        #expect(c.join("third", at: ms(0)).answer?.errorCode == .coordinatorNotAvailable)
        #expect(c.commit("third", [0: 1], at: ms(0)) == [.coordinatorNotAvailable])
        #expect(c.join("g", client: "D", protocols: [("a", ""), ("b", ""), ("c", "")], at: ms(0)).answer?.errorCode == .invalidRequest)
        #expect(c.join("g", client: "D", protocols: [("range", String(repeating: "m", count: 17))], at: ms(0)).answer?.errorCode == .invalidRequest)
        #expect(c.groupIds == ["g", "offsets-only"])
    }

    @Test("a deletable group makes room for a new one when the coordinator is full")
    func fullCoordinatorDeletesEmptyGroups() throws {
        let c = testCoordinator { $0.maxGroups = 1 }
        let a = try #require(c.joinNew("first", at: ms(0)))
        #expect(c.join("second", at: ms(0)).answer?.errorCode == .coordinatorNotAvailable)
        #expect(c.leave("first", member: a.id, at: ms(1)) == .none)
        #expect(c.join("second", at: ms(2)).answer?.errorCode == .memberIdRequired)
        #expect(c.groupIds == ["second"])
    }
}

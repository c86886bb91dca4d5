import RingLogKafkaWire
import RingLogServer
import Testing

/// Encodes `message` at every version its API supports and decodes it back; returns the
/// versions that failed either way.
private func versionsFailingRoundTrip<M: KafkaMessage>(_ message: M) -> [Int16] {
    M.codableVersions.filter { version in
        guard let bytes = try? message.encoded(version: version) else { return true }
        return (try? M(decoding: bytes, version: version)) == nil
    }
}

@Suite("GroupCoordinator: answers on the wire")
struct GroupCoordinatorWireTests {
    @Test("every answer of a join, sync, heartbeat, commit, fetch and leave encodes and decodes at every supported version")
    func answersEncodeAtEverySupportedVersion() throws {
        let c = testCoordinator()
        let required = try #require(c.join("g", client: "rdkafka", protocols: [("range", "sub")], at: ms(0)).answer)
        let leader = try #require(c.join("g", member: required.memberId, client: "rdkafka", protocols: [("range", "sub")], at: ms(0)).answer)
        #expect(leader.members.count == 1)
        let sync = try #require(c.sync("g", member: leader.memberId, generation: 1, assignments: [leader.memberId: "a"], at: ms(0)).answer)
        let beat = c.heartbeat(HeartbeatRequest(groupId: "g", generationId: 1, memberId: leader.memberId), now: ms(1))
        let commit = c.commitOffsets(OffsetCommitRequest(groupId: "g", generationId: 1, memberId: leader.memberId, topics: [
            .init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 5, committedMetadata: nil)])]), now: ms(1))
        let fetch = c.fetchOffsets(OffsetFetchRequest(groupId: "g", topics: [.init(name: "t", partitionIndexes: [0, 1])]))
        let fetchAll = c.fetchOffsets(OffsetFetchRequest(groupId: "g", topics: nil))
        let leave = c.leaveGroup(LeaveGroupRequest(groupId: "g", memberId: leader.memberId), now: ms(2))
        #expect(versionsFailingRoundTrip(required) == [])
        #expect(versionsFailingRoundTrip(leader) == [])
        #expect(versionsFailingRoundTrip(sync) == [])
        #expect(versionsFailingRoundTrip(beat) == [])
        #expect(versionsFailingRoundTrip(commit) == [])
        #expect(versionsFailingRoundTrip(fetch) == [])
        #expect(versionsFailingRoundTrip(fetchAll) == [])
        #expect(versionsFailingRoundTrip(leave) == [])
        #expect(fetch.topics[0].partitions.map(\.committedOffset) == [5, -1])
    }
}

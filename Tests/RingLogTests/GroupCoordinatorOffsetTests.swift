import RingLogKafkaWire
import RingLogServer
import Testing

@Suite("GroupCoordinator: committed offsets")
struct GroupCoordinatorOffsetTests {
    @Test("commits need the current generation: accepted while preparing a rebalance, refused while completing it, ILLEGAL_GENERATION once stale")
    func commitsAcrossGenerations() throws {
        let c = testCoordinator()
        let a = try #require(c.joinNew("g", client: "A", at: ms(0)))
        _ = c.sync("g", member: a.id, generation: 1, assignments: [a.id: "t:0,1"], at: ms(0))
        #expect(c.commit("g", member: a.id, generation: 1, [0: 10, 1: 20], metadata: "m", at: ms(100)) == [.none, .none])
        #expect(c.fetch("g", [0, 1, 2]) == [10, 20, -1])

        let b = try #require(c.joinNew("g", client: "B", at: ms(200)))  // PreparingRebalance, generation still 1
        #expect(c.commit("g", member: a.id, generation: 1, [0: 11], at: ms(300)) == [.none])
        _ = c.join("g", member: a.id, client: "A", at: ms(400))
        #expect(b.answer.answer?.generationId == 2)  // CompletingRebalance
        #expect(c.commit("g", member: a.id, generation: 1, [0: 12], at: ms(500)) == [.illegalGeneration])
        #expect(c.commit("g", member: a.id, generation: 2, [0: 12], at: ms(500)) == [.rebalanceInProgress])
        _ = c.sync("g", member: b.id, generation: 2, at: ms(600))
        _ = c.sync("g", member: a.id, generation: 2, assignments: [a.id: "t:0", b.id: "t:1"], at: ms(600))
        #expect(c.commit("g", member: b.id, generation: 2, [1: 25], at: ms(700)) == [.none])
        #expect(c.commit("g", member: a.id, generation: 1, [0: 99], at: ms(700)) == [.illegalGeneration])
        #expect(c.commit("g", member: "stranger", generation: 2, [0: 99], at: ms(700)) == [.unknownMemberId])
        #expect(c.fetch("g", [0, 1]) == [11, 25])
        #expect(c.committedOffset(group: "g", topic: "t", partition: 1)?.offset == 25)
        #expect(c.committedOffset(group: "g", topic: "t", partition: 0)?.metadata == "")
    }

    @Test("OffsetFetch of an unknown group, topic or partition answers -1 with no error; nil topics fetch everything, sorted")
    func fetchOfUnknownIsMinusOne() {
        let c = testCoordinator()
        #expect(c.fetch("nobody", [0, 7]) == [-1, -1])
        let unknown = c.fetchOffsets(OffsetFetchRequest(groupId: "nobody", topics: [.init(name: "t", partitionIndexes: [3])]))
        #expect(unknown.errorCode == .none && unknown.topics[0].partitions[0] == .init(partitionIndex: 3, committedOffset: -1, metadata: "", errorCode: .none))
        #expect(c.groupIds.isEmpty)  // fetching creates nothing

        #expect(c.commit("g", topic: "b", [2: 5, 0: 7], metadata: "note", at: ms(0)) == [.none, .none])
        #expect(c.commit("g", topic: "a", [1: 3], at: ms(0)) == [.none])
        let all = c.fetchOffsets(OffsetFetchRequest(groupId: "g", topics: nil))
        #expect(all.topics.map(\.name) == ["a", "b"])
        #expect(all.topics[1].partitions.map(\.partitionIndex) == [0, 2])
        #expect(all.topics[1].partitions.map(\.committedOffset) == [7, 5])
        #expect(all.topics[1].partitions[0].metadata == "note")
        #expect(c.fetch("g", topic: "zzz", [0]) == [-1])
    }

    @Test("a restarted consumer (a new member) resumes from the group's committed offsets")
    func restartedConsumerResumes() throws {
        let c = testCoordinator()
        let first = try #require(c.joinNew("g", client: "app", at: ms(0)))
        _ = c.sync("g", member: first.id, generation: 1, assignments: [first.id: "t:0,1,2"], at: ms(0))
        #expect(c.commit("g", member: first.id, generation: 1, [0: 100, 1: 200, 2: 300], at: ms(1_000)) == [.none, .none, .none])
        #expect(c.leave("g", member: first.id, at: ms(2_000)) == .none)
        #expect(c.describeGroup("g")?.state == .empty && c.describeGroup("g")?.generationId == 2)
        c.tick(now: ms(60_000))
        #expect(c.describeGroup("g")?.committedOffsetCount == 3)  // kept: the group has offsets

        let second = try #require(c.joinNew("g", client: "app", at: ms(70_000)))
        #expect(second.id != first.id && second.answer.answer?.generationId == 3)
        #expect(c.fetch("g", [0, 1, 2]) == [100, 200, 300])
    }

    @Test("simple commits (generation -1, no member) go to empty or unknown groups only")
    func simpleCommits() throws {
        let c = testCoordinator()
        #expect(c.commit("standalone", [0: 42], at: ms(0)) == [.none])
        #expect(c.fetch("standalone", [0]) == [42])
        #expect(c.describeGroup("standalone")?.state == .empty)
        #expect(c.commit("never-joined", generation: 5, [0: 1], at: ms(0)) == [.illegalGeneration])
        #expect(c.describeGroup("never-joined") == nil)
        _ = try #require(c.joinNew("g", at: ms(0)))  // a member (not yet synced): no simple commits
        #expect(c.commit("g", [0: 1], at: ms(0)) == [.unknownMemberId])
    }

    @Test("offset limits: metadata size, the partition check, offsets per group")
    func offsetLimits() {
        let c = testCoordinator {
            $0.maxOffsetMetadataBytes = 8
            $0.maxOffsetsPerGroup = 2
            $0.partitionCheck = { topic, partition in topic == "t" && partition < 3 ? .none : .unknownTopicOrPartition }
        }
        #expect(c.commit("g", [0: 1], metadata: "123456789", at: ms(0)) == [.offsetMetadataTooLarge])
        #expect(c.commit("g", [0: 1, 9: 1], metadata: "12345678", at: ms(0)) == [.none, .unknownTopicOrPartition])
        #expect(c.commit("g", topic: "other", [0: 1], at: ms(0)) == [.unknownTopicOrPartition])
        #expect(c.commit("g", [1: 1, 2: 1], at: ms(0)) == [.none, .invalidRequest])
        #expect(c.commit("g", [0: 5], at: ms(0)) == [.none])  // an existing partition still commits
        #expect(c.fetch("g", [0, 1, 2]) == [5, 1, -1])
    }
}

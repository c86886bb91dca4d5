import Testing
import RingLog
@testable import RingLogServer

@Suite("ringlog serve --retention block: the anchors commits move")
struct ServeBlockRetentionTests {
    private func blockBroker() -> KafkaBroker {
        var configuration = KafkaServerConfiguration(listen: ListenAddress(host: "127.0.0.1", port: 0))
        configuration.retention = .block
        configuration.ringCapacity = 1 << 16
        return KafkaBroker(configuration: configuration, log: { _ in })
    }

    @Test func theAnchorFollowsTheSlowestCommittingGroupNeverBackNorPastTheEnd() throws {
        let broker = blockBroker()
        _ = try broker._createTopic("t", partitions: 1).get()
        let log = try #require(broker._partition("t", 0))
        for i in 0..<10 { try log.append(value: [UInt8(i)]) }
        #expect(broker._groupCommitted("a", topic: "t", partition: 0, offset: 6) == 6)
        #expect(broker._groupCommitted("b", topic: "t", partition: 0, offset: 3) == 6, "a group joining lower does not move it back")
        #expect(broker._groupCommitted("a", topic: "t", partition: 0, offset: 9) == 6, "b at 3 is the slowest: it stays at 6")
        #expect(broker._groupCommitted("b", topic: "t", partition: 0, offset: 8) == 8, "a at 9, b at 8: the slowest, 8")
        #expect(broker._groupCommitted("b", topic: "t", partition: 0, offset: 50) == 9, "b past the end, a at 9: 9")
        #expect(broker._groupCommitted("a", topic: "t", partition: 0, offset: 60) == 10, "both past the end: the high watermark, 10")
        #expect(broker._groupCommitted("a", topic: "t", partition: 0, offset: -1) == nil, "a negative offset is not a position")
        #expect(broker._groupCommitted("a", topic: "nope", partition: 0, offset: 1) == nil)
    }

    @Test func aCommitBeforeThePartitionsAnchorIsRegisteredAnchorsItThere() throws {
        let broker = blockBroker()
        _ = try broker._createTopic("t", partitions: 2).get()
        // The window between the topic's creation and its anchors' registration, reproduced.
        broker._anchors.withLock { $0[TopicPartition("t", 1)] = nil }
        let log = try #require(broker._partition("t", 1))
        for i in 0..<4 { try log.append(value: [UInt8(i)]) }
        #expect(broker._groupCommitted("g", topic: "t", partition: 1, offset: 2) == 2)
        #expect(broker._anchors.withLock { $0[TopicPartition("t", 1)]?.committed } == ["g": 2])
    }

    @Test func overwriteRetentionHasNoAnchors() throws {
        let broker = KafkaBroker(configuration: KafkaServerConfiguration(listen: ListenAddress(host: "127.0.0.1", port: 0)), log: { _ in })
        _ = try broker._createTopic("t", partitions: 1).get()
        #expect(broker._groupCommitted("g", topic: "t", partition: 0, offset: 0) == nil)
        #expect(broker._anchors.withLock { $0.isEmpty })
    }
}

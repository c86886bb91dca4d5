import RingLogPlatform
import Testing
import RingLog

/// A small topic configuration for tests (no prefault: tests create many rings).
func smallTopic(_ partitions: Int, capacity: Int = 1 << 16, retention: RetentionPolicy = .overwrite, retentionNanoseconds: Int64? = nil) -> TopicConfiguration {
    TopicConfiguration(partitions: partitions,
                       partition: PartitionConfiguration(capacity: capacity, retention: retention, producerMode: .multi, prefault: false),
                       retentionNanoseconds: retentionNanoseconds)
}

extension Consumer {
    /// Polls until nothing more arrives, copying out (partition, offset, value).
    func drain(max: Int = .max) throws -> [(TopicPartition, Int64, String)] {
        var out: [(TopicPartition, Int64, String)] = []
        while out.count < max {
            let n = try poll { tp, batch in batch.forEach { r in out.append((tp, r.offset, r.valueString)) } }
            if n == 0 { break }
        }
        return out
    }
}

@Suite("Consumer groups")
struct ConsumerGroupTests {
    @Test("range assignor: Kafka's documented example (2 consumers, 2 topics of 3 partitions)")
    func rangeAssignorMatchesKafka() {
        let a = AssignmentStrategy.range.assign(subscriptions: ["C0": ["t0", "t1"], "C1": ["t0", "t1"]], partitionCounts: ["t0": 3, "t1": 3])
        #expect(a["C0"] == [.init("t0", 0), .init("t0", 1), .init("t1", 0), .init("t1", 1)])
        #expect(a["C1"] == [.init("t0", 2), .init("t1", 2)])
        // 10 partitions over 3 consumers: 4, 3, 3 (the first gets the extra), in id order.
        let b = AssignmentStrategy.range.assign(subscriptions: ["b": ["t"], "a": ["t"], "c": ["t"]], partitionCounts: ["t": 10])
        #expect(b["a"]!.map(\.partition) == [0, 1, 2, 3] && b["b"]!.map(\.partition) == [4, 5, 6] && b["c"]!.map(\.partition) == [7, 8, 9])
    }

    @Test("round-robin assignor: Kafka's documented examples, equal and unequal subscriptions")
    func roundRobinAssignorMatchesKafka() {
        let a = AssignmentStrategy.roundRobin.assign(subscriptions: ["C0": ["t0", "t1"], "C1": ["t0", "t1"]], partitionCounts: ["t0": 3, "t1": 3])
        #expect(a["C0"] == [.init("t0", 0), .init("t0", 2), .init("t1", 1)])
        #expect(a["C1"] == [.init("t0", 1), .init("t1", 0), .init("t1", 2)])
        let b = AssignmentStrategy.roundRobin.assign(
            subscriptions: ["C0": ["t0"], "C1": ["t0", "t1"], "C2": ["t0", "t1", "t2"]],
            partitionCounts: ["t0": 1, "t1": 2, "t2": 3])
        #expect(b["C0"] == [.init("t0", 0)])
        #expect(b["C1"] == [.init("t1", 0)])
        #expect(b["C2"] == [.init("t1", 1), .init("t2", 0), .init("t2", 1), .init("t2", 2)])
    }

    @Test("with 3 partitions a fourth consumer of a group gets nothing and idles")
    func consumersBeyondPartitionsIdle() throws {
        let log = EventLog()
        let topic = try log.createTopic("orders", configuration: smallTopic(3))
        let cfg = ConsumerConfiguration(autoOffsetReset: .earliest)
        let consumers = try (0..<4).map { _ throws(RingLogError) in try log.makeConsumer(group: "g", topics: ["orders"], configuration: cfg) }
        let producer = log.makeProducer(nullKeys: .roundRobin)
        for i in 0..<30 { try producer.send(topic, key: nil, value: Array("v\(i)".utf8)) }
        let got = try consumers.map { try $0.drain().count }
        #expect(consumers.map(\.assignment.count) == [1, 1, 1, 0])
        #expect(got == [10, 10, 10, 0])
        #expect(try log.group("g").assignment["consumer-000003"] == [])
    }

    @Test("groups are independent: each sees every record")
    func groupsAreIndependent() throws {
        let log = EventLog()
        let topic = try log.createTopic("orders", configuration: smallTopic(3))
        let cfg = ConsumerConfiguration(autoOffsetReset: .earliest)
        let a = try log.makeConsumer(group: "inventory", topics: ["orders"], configuration: cfg)
        let b = try log.makeConsumer(group: "notification", topics: ["orders"], configuration: cfg)
        let producer = log.makeProducer()
        for i in 0..<50 { try producer.send(topic, key: Array("user\(i % 7)".utf8), value: Array("o\(i)".utf8)) }
        let seenA = Set(try a.drain().map(\.2)), seenB = Set(try b.drain().map(\.2))
        #expect(seenA.count == 50 && seenA == seenB)
    }

    @Test("auto.offset.reset: latest (the default) skips history, earliest replays it, none throws until a seek")
    func autoOffsetResetEachValue() throws {
        let log = EventLog()
        let topic = try log.createTopic("t", configuration: smallTopic(1))
        let producer = log.makeProducer()
        for i in 0..<5 { try producer.send(topic, key: nil, value: Array("old\(i)".utf8)) }
        let latest = try log.makeConsumer(group: "latest", topics: ["t"])
        let earliest = try log.makeConsumer(group: "earliest", topics: ["t"], configuration: .init(autoOffsetReset: .earliest))
        let none = try log.makeConsumer(group: "none", topics: ["t"], configuration: .init(autoOffsetReset: .none))
        #expect(try latest.drain().isEmpty)
        try producer.send(topic, key: nil, value: Array("new".utf8))
        #expect(try latest.drain().map(\.2) == ["new"])
        #expect(try earliest.drain().map(\.2) == ["old0", "old1", "old2", "old3", "old4", "new"])
        #expect(throws: RingLogError.noValidOffset(topic: "t", partition: 0, reason: "the group has no committed offset")) {
            try none.poll { _, _ in }
        }
        try none.seek(TopicPartition("t", 0), to: 4)
        #expect(try none.drain().map(\.2) == ["old4", "new"])
    }

    @Test("a position overwritten by the ring follows auto.offset.reset (earliest, latest) or throws (none)")
    func overwrittenPositionFollowsResetPolicy() throws {
        for policy in OffsetResetPolicy.allCases {
            let log = EventLog()
            let topic = try log.createTopic("t", configuration: smallTopic(1, capacity: 4096))
            let producer = log.makeProducer()
            try producer.send(topic, key: nil, value: [0])
            let c = try log.makeConsumer(group: "g", topics: ["t"], configuration: .init(autoOffsetReset: policy))
            if policy == .none { try c.seek(TopicPartition("t", 0), to: 0) }
            let value = [UInt8](repeating: 1, count: 100)
            for _ in 0..<200 { try producer.send(topic, key: nil, value: value) } // laps a 4 KiB ring
            let start = try topic.logStartOffset(partition: 0)
            #expect(start > 1)
            switch policy {
            case .none:
                #expect(throws: RingLogError.self) { try c.poll { _, _ in } }
            case .earliest:
                let got = try c.drain()
                #expect(got.first?.1 == start && got.last?.1 == 200, "\(got.first.map { "\($0.1)" } ?? "-") \(got.count) start \(start)")
            case .latest:
                #expect(try c.drain().isEmpty)
                #expect(try c.position(TopicPartition("t", 0)) == 201)
            }
        }
    }

    @Test("rebalance with commits: no record lost, none delivered twice, as members join and leave")
    func rebalanceLosesAndDuplicatesNothing() throws {
        let log = EventLog()
        let topic = try log.createTopic("t", configuration: smallTopic(6))
        let producer = log.makeProducer()
        let cfg = ConsumerConfiguration(autoOffsetReset: .earliest, enableAutoCommit: false, maxPollRecords: 7)
        var seen: [String: Int] = [:]
        func consume(_ c: Consumer) throws {
            let n = try c.poll { _, batch in batch.forEach { r in seen[r.valueString, default: 0] += 1 } }
            if n > 0 { c.commitSync() }
        }
        var next = 0
        func produce(_ n: Int) throws {
            for _ in 0..<n { try producer.send(topic, key: Array("k\(next % 13)".utf8), value: Array("v\(next)".utf8)); next += 1 }
        }
        let a = try log.makeConsumer(group: "g", topics: ["t"], configuration: cfg)
        try produce(100)
        for _ in 0..<5 { try consume(a) }
        let b = try log.makeConsumer(group: "g", topics: ["t"], configuration: cfg)
        try produce(100)
        for _ in 0..<5 { try consume(a); try consume(b) }
        let c = try log.makeConsumer(group: "g", topics: ["t"], configuration: cfg)
        for _ in 0..<5 { try consume(c); try consume(a); try consume(b) }
        a.close()
        try produce(100)
        for _ in 0..<200 { try consume(b); try consume(c) }
        #expect(seen.count == 300, "every record delivered")
        #expect(seen.values.allSatisfy { $0 == 1 }, "no record delivered twice")
        #expect(Set(b.assignment + c.assignment).count == 6)
    }

    @Test("without a commit, a partition handed over is re-read from the last commit (Kafka's at-least-once)")
    func uncommittedRecordsAreRedeliveredAfterRebalance() throws {
        let log = EventLog()
        let topic = try log.createTopic("t", configuration: smallTopic(1))
        let producer = log.makeProducer()
        for i in 0..<10 { try producer.send(topic, key: nil, value: Array("v\(i)".utf8)) }
        let cfg = ConsumerConfiguration(autoOffsetReset: .earliest, enableAutoCommit: false, maxPollRecords: 4)
        let a = try log.makeConsumer(group: "g", topics: ["t"], configuration: cfg, memberID: "a")
        _ = try a.poll { _, _ in }
        a.commitSync() // committed 4
        _ = try a.poll { _, _ in } // read 4..<8, not committed
        a.close()
        let b = try log.makeConsumer(group: "g", topics: ["t"], configuration: cfg, memberID: "b")
        #expect(try b.drain().map(\.1) == Array(4..<10))
    }

    @Test("a partition is handed over only after its previous owner gives it up")
    func partitionsHaveOneOwnerAtATime() throws {
        let log = EventLog()
        try log.createTopic("t", configuration: smallTopic(2))
        let a = try log.makeConsumer(group: "g", topics: ["t"], memberID: "a")
        _ = try a.poll { _, _ in }
        #expect(a.ownedPartitions.count == 2)
        let b = try log.makeConsumer(group: "g", topics: ["t"], memberID: "b")
        _ = try b.poll { _, _ in }
        #expect(b.assignment == [TopicPartition("t", 1)] && b.ownedPartitions.isEmpty, "a still holds t-1")
        _ = try a.poll { _, _ in } // a revokes t-1
        _ = try b.poll { _, _ in }
        #expect(a.ownedPartitions == [TopicPartition("t", 0)] && b.ownedPartitions == [TopicPartition("t", 1)])
    }

    @Test("auto-commit commits at poll when due, on revoke and on close")
    func autoCommitCommits() throws {
        let log = EventLog()
        let topic = try log.createTopic("t", configuration: smallTopic(1))
        let producer = log.makeProducer()
        for i in 0..<10 { try producer.send(topic, key: nil, value: [UInt8(i)]) }
        let c = try log.makeConsumer(group: "g", topics: ["t"], configuration: .init(autoOffsetReset: .earliest, autoCommitIntervalNanoseconds: 0, maxPollRecords: 3))
        let tp = TopicPartition("t", 0)
        _ = try c.poll { _, _ in }
        #expect(c.committed(tp) == nil || c.committed(tp) == 0)
        _ = try c.poll { _, _ in }
        #expect(c.committed(tp) == 3, "the second poll commits what the first returned")
        c.close()
        #expect(try log.group("g").committedOffset(tp) == 6)
    }

    @Test("seek, seekToBeginning, seekToEnd, seek by timestamp, position and lag")
    func seekingAndLag() throws {
        let log = EventLog()
        let topic = try log.createTopic("t", configuration: smallTopic(1))
        let producer = log.makeProducer()
        for i in 0..<10 { try producer.send(topic, key: nil, value: Array("v\(i)".utf8), timestamp: 1_000 + Int64(i) * 10) }
        let c = try log.makeConsumer(group: "g", topics: ["t"], configuration: .init(autoOffsetReset: .earliest))
        let tp = TopicPartition("t", 0)
        _ = try c.poll(maxRecords: 1) { _, _ in }
        #expect(try c.position(tp) == 1 && c.lag(tp) == 9)
        try c.seek(tp, toTimestamp: 1_035)
        #expect(try c.position(tp) == 4)
        #expect(try c.offsetsForTimes([tp: 1_090])[tp] == 9)
        #expect(try c.offsetsForTimes([tp: 5_000])[tp]! == nil)
        try c.seekToEnd()
        #expect(try c.lag(tp) == 0)
        try c.seekToBeginning()
        #expect(try c.drain().map(\.2).first == "v0")
        try c.seek(tp, to: 7)
        #expect(try c.drain().map(\.1) == [7, 8, 9])
        #expect(throws: RingLogError.offsetOutOfRange(requested: 11, logStart: 0, highWatermark: 10)) { try c.seek(tp, to: 11) }
        #expect(throws: RingLogError.notAssigned(topic: "t", partition: 3)) { try c.seek(TopicPartition("t", 3), to: 0) }
    }

    @Test("time retention: records older than retention are no longer served; the log start advances")
    func timeRetentionAdvancesLogStart() throws {
        let log = EventLog()
        let second: Int64 = 1_000_000_000
        let topic = try log.createTopic("t", configuration: smallTopic(1, retentionNanoseconds: 65 * second))
        let producer = log.makeProducer()
        let now = wallClockNanoseconds()
        for i in 0..<10 { try producer.send(topic, key: nil, value: [UInt8(i)], timestamp: now - Int64(100 - i * 10) * second) }
        // ages 100, 90, ..., 10 s: the first four are older than 65 s.
        #expect(try topic.logStartOffset(partition: 0) == 0)
        log.enforceRetention(now: now)
        #expect(try topic.logStartOffset(partition: 0) == 4)
        let c = try log.makeConsumer(group: "g", topics: ["t"], configuration: .init(autoOffsetReset: .earliest))
        #expect(try c.drain().map(\.1) == [4, 5, 6, 7, 8, 9])
        #expect(throws: RingLogError.self) { try c.seek(TopicPartition("t", 0), to: 2) }
        let reader = try log.makeConsumer(group: "g2", topics: ["t"], configuration: .init(autoOffsetReset: .none))
        #expect(throws: RingLogError.self) { try reader.seek(TopicPartition("t", 0), to: 3) }
        // A committed offset that expired follows auto.offset.reset when a member takes over.
        try c.seek(TopicPartition("t", 0), to: 4)
        c.commitSync()
        c.close()
        log.enforceRetention(now: now + 40 * second) // ages now 140..50 s: offsets 0...7 expired
        let d = try log.makeConsumer(group: "g", topics: ["t"], configuration: .init(autoOffsetReset: .earliest))
        #expect(try d.drain().map(\.1) == [8, 9])
    }

    @Test("new partitions are assigned to the group after createPartitions")
    func groupPicksUpNewPartitions() throws {
        let log = EventLog()
        let topic = try log.createTopic("t", configuration: smallTopic(1))
        let a = try log.makeConsumer(group: "g", topics: ["t"], configuration: .init(autoOffsetReset: .earliest), memberID: "a")
        let b = try log.makeConsumer(group: "g", topics: ["t"], configuration: .init(autoOffsetReset: .earliest), memberID: "b")
        _ = try a.poll { _, _ in }; _ = try b.poll { _, _ in }
        #expect(b.assignment.isEmpty)
        try log.createPartitions(topic: "t", totalCount: 2)
        try log.makeProducer().send(topic, key: nil, value: [9], partition: 1)
        _ = try a.poll { _, _ in }
        #expect(try b.drain().map(\.0) == [TopicPartition("t", 1)])
    }

    @Test("bad consumer settings and mismatched assignors are rejected")
    func badConsumerInputIsRejected() throws {
        let log = EventLog()
        try log.createTopic("t", configuration: smallTopic(1))
        #expect(throws: RingLogError.self) { try log.makeConsumer(group: "g", topics: []) }
        #expect(throws: RingLogError.self) { try log.makeConsumer(group: "g", topics: ["t"], configuration: .init(maxPollRecords: 0)) }
        let x = try log.makeConsumer(group: "g", topics: ["t"], memberID: "x")
        #expect(throws: RingLogError.self) { try log.makeConsumer(group: "g", topics: ["t"], memberID: "x") }
        #expect(x.assignment.isEmpty || x.assignment == [TopicPartition("t", 0)])
        #expect(throws: RingLogError.self) { try log.makeConsumer(group: "g", topics: ["t"], configuration: .init(assignmentStrategy: .roundRobin)) }
        #expect(log.groupNames == ["g"])
    }
}

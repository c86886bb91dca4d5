import Testing
import RingLog

@Suite("Topics and partitioner")
struct TopicPartitionerTests {
    @Test("murmur2 matches Kafka's published test vectors")
    func murmur2MatchesKafkaVectors() {
        let vectors: [(String, Int32)] = [
            ("21", -973_932_308),
            ("foobar", -790_332_482),
            ("a-little-bit-long-string", -985_981_536),
            ("a-little-bit-longer-string", -1_486_304_829),
            ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
            ("abc", 479_470_107),
        ]
        for (key, expected) in vectors {
            #expect(Murmur2.hash(Array(key.utf8).span.bytes) == expected, "murmur2(\(key))")
        }
        #expect(Murmur2.toPositive(Int32.min) == 0)
        #expect(Murmur2.toPositive(-1) == Int32.max)
    }

    @Test("a keyed record goes to toPositive(murmur2(key)) % partitions, and always the same one")
    func keyedRecordsGoToTheKafkaPartition() throws {
        let log = EventLog()
        let topic = try log.createTopic("t", configuration: .init(partitions: 7, partition: .init(capacity: 1 << 16, producerMode: .multi, prefault: false)))
        let producer = log.makeProducer()
        for key in ["21", "foobar", "abc", "user_1", "user_2"] {
            let bytes = Array(key.utf8)
            let expected = Int(Murmur2.toPositive(Murmur2.hash(bytes.span.bytes))) % 7
            let a = try producer.send(topic, key: bytes, value: [1])
            let b = try producer.send(topic, key: bytes, value: [2])
            #expect(a.partition == expected && b.partition == expected)
            #expect(b.offset == a.offset + 1)
        }
        // "foobar": toPositive(-790332482) = 1357151166; % 7 = 3 (what a Kafka producer picks).
        #expect(try producer.send(topic, key: Array("foobar".utf8), value: []).partition == 1_357_151_166 % 7)
    }

    @Test("round-robin null keys cycle through the partitions")
    func roundRobinCyclesPartitions() throws {
        let log = EventLog()
        let topic = try log.createTopic("rr", configuration: .init(partitions: 3, partition: .init(capacity: 1 << 16, producerMode: .multi, prefault: false)))
        let producer = log.makeProducer(nullKeys: .roundRobin)
        let parts = try (0..<6).map { _ throws(RingLogError) in try producer.send(topic, key: nil, value: [0]).partition }
        #expect(parts == [0, 1, 2, 0, 1, 2])
    }

    @Test("sticky null keys stay on one partition for batch.size bytes, then move")
    func stickyStaysThenMoves() throws {
        let log = EventLog()
        let topic = try log.createTopic("sticky", configuration: .init(partitions: 4, partition: .init(capacity: 1 << 16, producerMode: .multi, prefault: false)))
        let producer = log.makeProducer(nullKeys: .sticky(batchBytes: 100))
        let value = [UInt8](repeating: 7, count: 25)
        let parts = try (0..<12).map { _ throws(RingLogError) in try producer.send(topic, key: nil, value: value).partition }
        // 4 records of 25 bytes fill a 100-byte sticky batch.
        #expect(Set(parts[0..<4]).count == 1 && Set(parts[4..<8]).count == 1 && Set(parts[8..<12]).count == 1)
        #expect(parts[3] != parts[4] && parts[7] != parts[8])
    }

    @Test("sendBatch groups records by partition, one batch each, in input order per partition")
    func sendBatchGroupsByPartition() throws {
        let log = EventLog()
        let topic = try log.createTopic("b", configuration: .init(partitions: 3, partition: .init(capacity: 1 << 16, producerMode: .multi, prefault: false)))
        let producer = log.makeProducer()
        let records = (0..<30).map { ProducerRecord(key: Array("k\($0 % 5)".utf8), value: Array("v\($0)".utf8)) }
        let meta = try producer.sendBatch(topic, records)
        #expect(meta.count == 30)
        for p in 0..<3 {
            let mine = meta.enumerated().filter { $0.element.partition == p }
            #expect(mine.map(\.element.offset) == (0..<Int64(mine.count)).map { $0 }, "dense offsets in input order")
            let values = try topic.partition(p).readAll(from: 0).map(\.1)
            #expect(values == mine.map { "v\($0.offset)" })
        }
    }

    @Test("sendBatch validates everything first: a bad record leaves every partition empty")
    func sendBatchIsAllOrNothingOnBadInput() throws {
        let log = EventLog()
        let topic = try log.createTopic("v", configuration: .init(partitions: 2, partition: .init(capacity: 1 << 16, producerMode: .multi, prefault: false)))
        let producer = log.makeProducer()
        let good = ProducerRecord(value: [1])
        #expect(throws: RingLogError.unknownPartition(topic: "v", partition: 5, partitionCount: 2)) {
            try producer.sendBatch(topic, [good, ProducerRecord(value: [2], partition: 5)])
        }
        #expect(throws: RingLogError.recordTooLarge(size: 8 + (1 << 15), limit: 1 << 15)) {
            try producer.sendBatch(topic, [good, ProducerRecord(value: [UInt8](repeating: 0, count: 1 << 15))])
        }
        #expect(try topic.highWatermark(partition: 0) == 0 && topic.highWatermark(partition: 1) == 0)
    }

    @Test("bad topic names, unknown topics and partitions, duplicates get specific errors")
    func badTopicInputIsRejected() throws {
        let log = EventLog()
        #expect(throws: RingLogError.self) { try log.createTopic("") }
        #expect(throws: RingLogError.self) { try log.createTopic("has space") }
        #expect(throws: RingLogError.self) { try log.createTopic("..") }
        #expect(throws: RingLogError.invalidConfiguration("partitions 0 is not in 1...4096")) {
            try log.createTopic("zero", configuration: .init(partitions: 0))
        }
        #expect(throws: RingLogError.invalidCapacity(requested: 1000, reason: "not a power of two")) {
            try log.createTopic("cap", configuration: .init(partitions: 1, partition: .init(capacity: 1000)))
        }
        // A partition that cannot be created after the topic's table exists (huge pages required
        // for a ring that cannot have them): a specific error, nothing left behind, no double free.
        #expect(throws: RingLogError.invalidConfiguration(
            "huge pages required but unavailable: capacity 65536 bytes is not a multiple of the 2 MiB huge page")) {
            try log.createTopic("huge", configuration: .init(partitions: 3, partition: .init(capacity: 1 << 16, hugePages: .required)))
        }
        #expect(log.topicNames.isEmpty, "failed creations leave nothing behind")
        try log.createTopic("orders", configuration: .init(partitions: 1, partition: .init(capacity: 1 << 16, prefault: false)))
        #expect(throws: RingLogError.topicExists("orders")) { try log.createTopic("orders") }
        #expect(throws: RingLogError.unknownTopic("nope")) { try log.topic("nope") }
        #expect(throws: RingLogError.unknownTopic("nope")) { try log.makeProducer().send(topic: "nope", value: [1]) }
        #expect(throws: RingLogError.unknownPartition(topic: "orders", partition: 1, partitionCount: 1)) {
            try log.makeProducer().send(topic: "orders", value: [1], partition: 1)
        }
        #expect(throws: RingLogError.unknownTopic("nope")) { try log.makeConsumer(group: "g", topics: ["nope"]) }
    }

    @Test("adding partitions keeps existing records in place; new keys hash over the new count")
    func increasingPartitionsMovesNothing() throws {
        let log = EventLog()
        let topic = try log.createTopic("grow", configuration: .init(partitions: 2, partition: .init(capacity: 1 << 16, producerMode: .multi, prefault: false)))
        let producer = log.makeProducer()
        var before: [Int: [String]] = [:]
        for i in 0..<20 {
            let m = try producer.send(topic, key: Array("key\(i)".utf8), value: Array("v\(i)".utf8))
            before[m.partition, default: []].append("v\(i)")
        }
        #expect(throws: RingLogError.self) { try log.createPartitions(topic: "grow", totalCount: 2) }
        try log.createPartitions(topic: "grow", totalCount: 5)
        #expect(topic.partitionCount == 5)
        for p in 0..<2 { #expect(try topic.partition(p).readAll(from: 0).map(\.1) == before[p] ?? []) }
        let key = Array("key3".utf8)
        #expect(try producer.send(topic, key: key, value: [0]).partition == Murmur2.partition(forKey: key.span.bytes, partitionCount: 5))
    }
}

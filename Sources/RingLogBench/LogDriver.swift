import RingLog
import RingLogPlatform

/// Drives RingLog's partition log: OMB topics become RingLog topics, subscriptions become
/// consumer groups, consumers are group members.
public final class LogDriver: BenchmarkDriver {
    public let eventLog = EventLog()
    public let ringCapacity: Int
    public let retention: RetentionPolicy
    public let waitStrategy: WaitStrategy
    public let producersPerTopic: Int
    public let hugePages: HugePagePolicy
    let keys: KeyTable
    var topics: [Topic] = []

    public init(ringCapacity: Int, retention: RetentionPolicy, waitStrategy: WaitStrategy, producersPerTopic: Int, keys: KeyTable,
                hugePages: HugePagePolicy = .never) {
        self.hugePages = hugePages
        self.ringCapacity = ringCapacity
        self.retention = retention
        self.waitStrategy = waitStrategy
        self.producersPerTopic = producersPerTopic
        self.keys = keys
    }

    /// Checks, before any ring is allocated, that a producer batch of `w` can ever be appended:
    /// a batch of `batchSize` messages (keyed or not) must fit in the half of the ring one
    /// reservation may take.
    /// - Throws: `WorkloadError.invalidValue` naming the setting to change and what would fit.
    public static func checkFits(_ w: Workload, source: String = "workload") throws(WorkloadError) {
        let capacity = w.ringlog.ringCapacity
        let limit = PartitionConfiguration(capacity: capacity).maximumBatchBytes
        let key = w.keyDistributor == .noKey ? nil : KeyTable.length
        let frame: Int
        do { frame = try BatchAppender.frameSize(keyLength: key, valueLength: w.messageSize, checksum: false) } catch {
            throw .invalidValue(source: source, field: "messageSize", value: "\(w.messageSize)", rule: "\(error)")
        }
        var fitting = 2 * frame * w.ringlog.batchSize
        fitting = fitting <= 1 << 62 ? 1 << (Int.bitWidth - (fitting - 1).leadingZeroBitCount) : fitting
        if frame > limit {
            throw .invalidValue(source: source, field: "messageSize", value: "\(w.messageSize)",
                                rule: "a \(w.messageSize)-byte message takes a \(frame)-byte record; a \(capacity)-byte ring holds records up to \(limit) bytes (ringCapacity (--ring-capacity) \(fitting) or more fits a batch)")
        }
        if w.ringlog.hugePages == .required {
            // Every ring's pages, counted before the first ring takes some.
            let rings = w.topics * w.partitionsPerTopic
            let huge = MirroredMemory.hugePageSize
            guard capacity % huge == 0 else {
                throw .invalidValue(source: source, field: "hugePages", value: "required",
                                    rule: "needs a ringCapacity that is a multiple of 2 MiB (got \(capacity)), or hugePages preferred or never")
            }
            let needed = rings * (capacity / huge)
            let free = MirroredMemory.freeHugePages ?? 0
            if needed > free {
                throw .invalidValue(source: source, field: "hugePages", value: "required",
                                    rule: "\(rings) ring(s) of \(capacity) bytes need \(needed) free 2 MiB huge pages and the pool has \(free) free of \(MirroredMemory.totalHugePages ?? 0) (reserve more with `sysctl -w vm.nr_hugepages=N`, or use hugePages preferred)")
            }
        }
        if frame * w.ringlog.batchSize > limit {
            throw .invalidValue(source: source, field: "batchSize", value: "\(w.ringlog.batchSize)",
                                rule: "\(w.ringlog.batchSize) records of \(frame) bytes take \(frame * w.ringlog.batchSize) bytes; one append into a \(capacity)-byte ring takes at most \(limit): use batchSize (--batch) \(limit / frame) or less, or ringCapacity (--ring-capacity) \(fitting) or more")
        }
    }

    public var name: String { "ringlog-log" }
    public var settings: [String: String] {
        ["numaBinding": topics.first.map { (try? $0.partition(0).numaBound) == true ? "rings bound to their consumer's node" : "none (\(NUMA.status.description), or not pinned)" } ?? "-",
         "ringCapacityBytes": "\(ringCapacity)", "retention": retention.rawValue, "waitStrategy": waitStrategy.name,
         "hugePages": hugePageSummary,
         "producerMode": producersPerTopic == 1 ? "single" : "multi", "checksums": "false (the harness checks payload CRC32C itself)"]
    }
    /// What the rings got: "16 of 16 rings on 2 MiB hugetlb pages", or why not.
    public var hugePageSummary: String {
        let parts = topics.flatMap { t in (0..<t.partitionCount).compactMap { try? t.partition($0) } }
        guard !parts.isEmpty else { return "-" }
        let huge = parts.filter(\.pageBacking.isHuge).count
        let policy = "policy \(hugePages.rawValue)"
        if huge == parts.count { return "\(huge) of \(parts.count) rings on 2 MiB hugetlb pages (\(policy))" }
        let why = parts.first { !$0.pageBacking.isHuge }?.hugePageNote ?? "not asked for"
        return "\(huge) of \(parts.count) rings on 2 MiB hugetlb pages, the rest on 4 KiB pages: \(why) (\(policy))"
    }
    public var storageBytes: Int { topics.reduce(0) { $0 + $1.partitionCount * ringCapacity } }
    public var ordersPerPartition: Bool { true }
    public var lossless: Bool { retention == .block }

    public func createTopic(index: Int, partitions: Int, numaNode: Int?) throws {
        let t = try eventLog.createTopic("topic-\(index)", configuration: TopicConfiguration(
            partitions: partitions,
            partition: PartitionConfiguration(capacity: ringCapacity, retention: retention,
                                              producerMode: producersPerTopic == 1 ? .single : .multi,
                                              waitStrategy: waitStrategy, maxReaders: 256, numaNode: numaNode,
                                              hugePages: hugePages)))
        topics.append(t)
    }

    public func makeProducer(topic: Int, index: Int) throws -> Producer {
        Producer(topic: topics[topic], keys: keys, start: index)
    }

    public func makeConsumer(topic: Int, subscription: Int, index: Int) throws -> Consumer {
        try makeConsumer(topic: topic, group: "topic-\(topic)-sub-\(subscription)")
    }

    public var lateSubscriber: String { "a new consumer group, auto.offset.reset=earliest" }
    public func makeLateConsumer(topic: Int) throws -> Consumer { try makeConsumer(topic: topic, group: "topic-\(topic)-late") }

    func makeConsumer(topic: Int, group: String) throws -> Consumer {
        let c = try eventLog.makeConsumer(group: group, topics: [topics[topic].name],
                                          configuration: ConsumerConfiguration(autoOffsetReset: .earliest, enableAutoCommit: true,
                                                                               autoCommitIntervalNanoseconds: 1_000_000_000, maxPollRecords: 4096))
        return Consumer(consumer: c)
    }

    public func shutdown() { eventLog.close() }

    public var producerWaitCounters: [String: Int] {
        var out = ["episodes": 0, "spins": 0, "yields": 0, "parks": 0]
        for t in topics {
            for p in 0..<t.partitionCount {
                guard let w = try? t.partition(p).producerWaits else { continue }
                out["episodes"]! += w.episodes
                out["spins"]! += w.counters.spins
                out["yields"]! += w.counters.yields
                out["parks"]! += w.counters.parks
            }
        }
        return out
    }

    public struct Producer: DriverProducer {
        let topic: Topic
        let keys: KeyTable
        var nextPartition: Int
        /// Partition of each message of the batch being sent (reused, no allocation once grown).
        var route: [Int] = []
        /// The unkeyed frame size for `frameFor` bytes of value (-1: none yet).
        var frame = 0
        var frameFor = -1

        init(topic: Topic, keys: KeyTable, start: Int) {
            self.topic = topic
            self.keys = keys
            self.nextPartition = start % topic.partitionCount
        }

        func partition(ofKey k: UInt32, partitions: Int) -> Int {
            let from = Int(k) * KeyTable.length
            return Murmur2.partition(forKey: keys.bytes.span.extracting(from..<(from + KeyTable.length)).bytes, partitionCount: partitions)
        }

        /// Unkeyed messages go as one batch (one bulk append) to one partition, the next batch to the next
        /// (Kafka's sticky partitioner with the batch as the sticky unit). Keyed messages go to
        /// murmur2(key) % partitions; each run of messages for one partition is one batch.
        @inline(__always)
        public mutating func send(count: Int, size: Int, messages: inout MessageBatch) throws -> Int {
            if messages.keyed { return try sendKeyed(count: count, size: size, messages: &messages) }
            // Unkeyed: the whole batch to one partition, each value written in place.
            let log = try topic.partition(nextPartition)
            nextPartition = nextPartition + 1 == topic.partitionCount ? 0 : nextPartition + 1
            if frameFor != size {
                frame = try log.frameSize(keyLength: nil, valueLength: size)
                frameFor = size
            }
            try log.appendBatch(maxBytes: count * frame) { appender throws(RingLogError) in
                try appender.append(count: count, valueCapacity: size) { j, out in messages.write(j, into: &out, size: size) }
            }
            return count
        }

        /// Keyed messages: each run of consecutive messages for one partition is one batch.
        mutating func sendKeyed(count: Int, size: Int, messages: inout MessageBatch) throws -> Int {
            let partitions = topic.partitionCount
            if route.count < count { route = Array(repeating: 0, count: count) }
            for i in 0..<count { route[i] = partition(ofKey: messages.key(i), partitions: partitions) }
            let frame = try topic.partition(0).frameSize(keyLength: KeyTable.length, valueLength: size)
            var i = 0
            while i < count {
                let p = route[i]
                var run = 1
                while i + run < count && route[i + run] == p { run += 1 }
                let first = i
                try topic.partition(p).appendBatch(maxBytes: run * frame) { appender throws(RingLogError) in
                    for j in first..<(first + run) {
                        let from = Int(messages.key(j)) * KeyTable.length
                        try appender.append(valueCapacity: size, key: keys.bytes.span.extracting(from..<(from + KeyTable.length)).bytes) {
                            messages.write(j, into: &$0, size: size)
                        }
                    }
                }
                i += run
            }
            return count
        }
    }

    public struct Consumer: DriverConsumer {
        let consumer: RingLog.Consumer

        @inline(__always)
        public mutating func poll(max: Int, _ body: (Int, UnsafeRawBufferPointer) -> Void) throws -> Int {
            try consumer.pollEach(maxRecords: max) { tp, r in r.withUnsafeValueBytes { body(tp.partition, $0) } }
        }

        public mutating func close() { consumer.close() }
    }
}

extension MessageBatch {
    /// Writes message `i` as the `size`-byte value of a record being appended in place.
    @inline(__always)
    mutating func write(_ i: Int, into value: inout OutputRawSpan, size: Int) {
        value.withUnsafeMutableBytes { buffer, initialized in
            write(i, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<size]))
            initialized = size
        }
    }
}

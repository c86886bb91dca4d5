#if Kafka
import CRdKafka
import Foundation
import RingLogPlatform
import RingLog
import RingLogBench

/// Drives Kafka through librdkafka: a real cluster (`RINGLOG_KAFKA_BOOTSTRAP=host:port,...`) or,
/// by default, librdkafka's mock cluster running inside this process (`rd_kafka_mock_cluster_new`),
/// so tests and default runs need no broker. Topics have the workload's partitions; keys use
/// Java's partitioner (`murmur2_random`); subscriptions are consumer groups with manual async
/// commits per poll, as OMB's Kafka driver does. Producer settings are OMB's
/// kafka-throughput.yaml (acks=all, linger.ms=1, batch.size=1 MiB) plus idempotence.
///
/// Limits of librdkafka 2.0.2's mock cluster, measured: each partition keeps only about 5 MiB
/// or 100,000 message sets and silently drops older data, and a group join takes about 3 s. The
/// driver therefore paces producers: a send is pushed back while the slowest subscription lags
/// more than `maxLagPerPartition` messages per partition, so no record is dropped before it is
/// read (the run's verification would catch it). Publish latency is what OMB's Kafka driver
/// reports: from the send call to the broker's acknowledgement (librdkafka's delivery report).
final class KafkaDriver: BenchmarkDriver {
    let bootstrap: String
    let mock: KafkaMockCluster?
    let subscriptions: Int
    let partitions: Int
    let maxLagPerPartition: Int
    let keys: KeyTable
    let runID = String(UInt64.random(in: 0...UInt64.max), radix: 36)
    var topics: [String] = []
    let pacing: _KafkaPacing

    /// OMB's producer settings (its kafka-throughput driver) plus idempotence and Java's key
    /// partitioner; `producerOverrides` replace or extend them.
    static let producerDefaults: [(String, String)] = [
        ("acks", "all"), ("linger.ms", "1"), ("batch.size", "1048576"), ("compression.type", "none"),
        ("enable.idempotence", "true"), ("partitioner", "murmur2_random")]
    let producerSettings: [(String, String)]

    /// - Parameters:
    ///   - bootstrapServers: a real cluster (`host:port,...`); nil: `RINGLOG_KAFKA_BOOTSTRAP`, else
    ///     librdkafka's mock cluster in this process.
    ///   - producerOverrides: librdkafka producer properties over `producerDefaults`
    ///     (`acks`, `linger.ms`, `batch.size`, `compression.type`, ...); a bad one fails at the
    ///     first producer with librdkafka's message naming it.
    init(partitions: Int, subscriptions: Int, keys: KeyTable, maxLagPerPartition: Int = 20_000,
                bootstrapServers: String? = nil, producerOverrides: [(String, String)] = []) throws {
        self.partitions = partitions
        self.subscriptions = subscriptions
        self.keys = keys
        self.maxLagPerPartition = maxLagPerPartition
        pacing = _KafkaPacing(subscriptions: subscriptions)
        var merged = Self.producerDefaults
        for (k, v) in producerOverrides {
            if let i = merged.firstIndex(where: { $0.0 == k }) { merged[i].1 = v } else { merged.append((k, v)) }
        }
        producerSettings = merged
        if let servers = bootstrapServers ?? ProcessInfo.processInfo.environment["RINGLOG_KAFKA_BOOTSTRAP"], !servers.isEmpty {
            bootstrap = servers
            mock = nil
        } else {
            let m = try KafkaMockCluster()
            mock = m
            bootstrap = m.bootstrap
        }
    }

    var name: String { mock == nil ? "kafka" : "kafka-mock" }
    var settings: [String: String] {
        ["bootstrap": mock == nil ? bootstrap : "librdkafka \(String(cString: rd_kafka_version_str())) mock cluster, in process (1 broker)",
         "topics": mock == nil && KafkaMockCluster.running(at: bootstrap) == nil
            ? "created through the Admin API (CreateTopics) with the workload's partitions, broker-default replication"
            : "created through the in-process mock's API (librdkafka 2.0.2's mock answers no CreateTopics)",
         "producer": producerSettings.map { "\($0.0)=\($0.1)" }.joined(separator: ", "),
         "consumer": "group per subscription, auto.offset.reset=earliest, manual async commit per poll, fetch.wait.max.ms=1 (the default 500 makes a low-rate consumer wait up to 500 ms per fetch), log_level=3 (commits refused during a rebalance are expected)",
         "pacing": "producers wait while a subscription lags more than \(maxLagPerPartition) messages per partition (the mock keeps only ~5 MiB per partition)",
         "publishLatency": "send call to broker ack (delivery report, acks=all), as OMB's Kafka driver",
         "clientVersion": "librdkafka \(String(cString: rd_kafka_version_str()))",
         "serverVersion": mock == nil ? "not queried (an external cluster)" : "librdkafka's mock broker (no Kafka server)"]
    }
    var storageBytes: Int { 0 }
    var ordersPerPartition: Bool { true }
    var lossless: Bool { true }

    func createTopic(index: Int, partitions: Int, numaNode: Int?) throws {
        let name = "ringlog-\(runID)-\(index)"
        if let local = mock ?? KafkaMockCluster.running(at: bootstrap) {
            // librdkafka 2.0.2's mock answers no CreateTopics request: use its own API.
            try local.createTopic(name, partitions: partitions)
        } else {
            try _KafkaHandle.createTopic(name, partitions: partitions, bootstrap: bootstrap)
        }
        topics.append(name)
    }

    func makeProducer(topic: Int, index: Int) throws -> Producer {
        let acks = _KafkaAcks()
        var settings = ["bootstrap.servers": bootstrap, "queue.buffering.max.messages": "1000000"]
        for (k, v) in producerSettings { settings[k] = v }
        let h = try _KafkaHandle(type: RD_KAFKA_PRODUCER, settings: settings, deliveryReports: acks)
        return Producer(handle: h, topic: try h.topic(topics[topic]), keys: keys, pacing: pacing,
                        maxLag: maxLagPerPartition * partitions, acks: acks)
    }

    func makeConsumer(topic: Int, subscription: Int, index: Int) throws -> Consumer {
        try makeConsumer(topic: topic, group: "ringlog-\(runID)-sub-\(subscription)", subscription: subscription)
    }

    var lateSubscriber: String { "a new consumer group, auto.offset.reset=earliest" }
    /// Not counted by the pacing (subscription -1): it joins after the producers are done.
    func makeLateConsumer(topic: Int) throws -> Consumer {
        try makeConsumer(topic: topic, group: "ringlog-\(runID)-late", subscription: -1)
    }

    func makeConsumer(topic: Int, group: String, subscription: Int) throws -> Consumer {
        let h = try _KafkaHandle(type: RD_KAFKA_CONSUMER, settings: [
            "bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
            "enable.auto.commit": "false", "enable.partition.eof": "false", "fetch.wait.max.ms": "1",
            // Async commits sent while a group rebalances fail by design (the next one after the
            // rebalance covers them); librdkafka would log each as a warning. Errors still show.
            "log_level": "3"])
        try h.subscribe(topics[topic])
        return Consumer(handle: h, pacing: pacing, subscription: subscription)
    }

    func shutdown() {}

    struct Producer: DriverProducer {
        let handle: _KafkaHandle
        let topic: OpaquePointer
        let keys: KeyTable
        let pacing: _KafkaPacing
        let maxLag: Int
        let acks: _KafkaAcks
        var scratch = _MessageScratch()

        /// Latencies of the delivery reports served by this thread's `rd_kafka_poll` calls (the
        /// one at the start of every `send`; polling again here would only take the lock twice).
        mutating func takeAckLatencies(_ record: (Int64) -> Void) -> Bool {
            acks.drain(record)
            return true
        }

        mutating func send(count: Int, size: Int, messages: inout MessageBatch) throws -> Int {
            rd_kafka_poll(handle.handle, 0)
            if pacing.lag > maxLag { return 0 }
            // The send time rides along as the message's opaque; its delivery report reads it back.
            let stamp = UnsafeMutableRawPointer(bitPattern: Int(monotonicNanoseconds()))
            var sent = 0
            while sent < count {
                let k = messages.key(sent)
                let rc: Int32 = scratch.fill(sent, size: size, from: &messages) { b in
                    keys.bytes.withUnsafeBytes { kb in
                        let keyPointer = k == MessageHeader.noKey ? nil : UnsafeMutableRawPointer(mutating: kb.baseAddress! + Int(k) * KeyTable.length)
                        return rd_kafka_produce(topic, -1, 0x2 /* RD_KAFKA_MSG_F_COPY */, b.baseAddress, size,
                                                keyPointer, k == MessageHeader.noKey ? 0 : KeyTable.length, stamp)
                    }
                }
                if rc != 0 { rd_kafka_poll(handle.handle, 1); break } // local queue full: push back
                sent += 1
            }
            pacing.produced(sent)
            return sent
        }
    }

    struct Consumer: DriverConsumer {
        let handle: _KafkaHandle
        let pacing: _KafkaPacing
        let subscription: Int

        mutating func poll(max: Int, _ body: (Int, UnsafeRawBufferPointer) -> Void) throws -> Int {
            var n = 0
            while n < max {
                guard let m = rd_kafka_consumer_poll(handle.handle, n == 0 ? 1 : 0) else { break }
                defer { rd_kafka_message_destroy(m) }
                if m.pointee.err.rawValue != 0 { continue } // transient events (rebalances, timeouts)
                body(Int(m.pointee.partition), UnsafeRawBufferPointer(start: m.pointee.payload, count: m.pointee.len))
                n += 1
            }
            if n > 0 {
                rd_kafka_commit(handle.handle, nil, 1) // async, as OMB's Kafka driver
                pacing.consumed(n, subscription: subscription)
            }
            return n
        }

        mutating func close() { rd_kafka_consumer_close(handle.handle) }
    }
}

/// Messages produced and consumed per subscription, for pacing against the mock's retention.
/// A lock per batch: Kafka batches arrive thousands of times per second, not millions.
final class _KafkaPacing: @unchecked Sendable {
    let counts: LockedValue<(produced: Int, consumed: [Int])>
    init(subscriptions: Int) { counts = LockedValue((0, Array(repeating: 0, count: subscriptions))) }
    func produced(_ n: Int) { counts.withLock { $0.produced += n } }
    func consumed(_ n: Int, subscription: Int) {
        guard subscription >= 0 else { return }
        counts.withLock { $0.consumed[subscription] += n }
    }
    var lag: Int { counts.withLock { c in c.consumed.map { c.produced - $0 }.max() ?? 0 } }
}

/// Delivery reports of one producer: librdkafka calls back from `rd_kafka_poll` on the
/// producer's own thread, so no lock is needed; the runner drains them after each send.
final class _KafkaAcks: @unchecked Sendable {
    var latencies: [Int64] = []
    var failed = 0

    init() { latencies.reserveCapacity(1 << 16) }

    func drain(_ record: (Int64) -> Void) {
        for l in latencies { record(l) }
        latencies.removeAll(keepingCapacity: true)
    }

    /// The C callback: `opaque` is this object, the message's `_private` its send time.
    static let callback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = { _, message, opaque in
        guard let message, let opaque else { return }
        let acks = Unmanaged<_KafkaAcks>.fromOpaque(opaque).takeUnretainedValue()
        if message.pointee.err.rawValue != 0 { acks.failed += 1; return }
        let sentAt = Int64(Int(bitPattern: message.pointee._private))
        acks.latencies.append(monotonicNanoseconds() - sentAt)
    }
}

/// A NUL-terminated C error buffer as a String.
private func _string(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// One librdkafka client handle (the only holder of its pointers). Flushes and destroys on deinit.
final class _KafkaHandle: @unchecked Sendable {
    let handle: OpaquePointer
    let type: rd_kafka_type_t
    var topics: [OpaquePointer] = []
    /// Kept alive as long as the handle: librdkafka holds an unretained pointer to it.
    let deliveryReports: _KafkaAcks?

    init(type: rd_kafka_type_t, settings: [String: String], deliveryReports: _KafkaAcks? = nil) throws {
        self.deliveryReports = deliveryReports
        let conf = rd_kafka_conf_new()
        if let deliveryReports {
            rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(deliveryReports).toOpaque())
            rd_kafka_conf_set_dr_msg_cb(conf, _KafkaAcks.callback)
        }
        var error = [CChar](repeating: 0, count: 512)
        for (k, v) in settings.sorted(by: { $0.key < $1.key }) {
            if rd_kafka_conf_set(conf, k, v, &error, error.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw HarnessError.driver("kafka setting \(k)=\(v): \(_string(error))")
            }
        }
        guard let h = rd_kafka_new(type, conf, &error, error.count) else {
            throw HarnessError.driver("kafka: \(_string(error))")
        }
        handle = h
        self.type = type
        if type == RD_KAFKA_CONSUMER { rd_kafka_poll_set_consumer(h) }
    }

    func topic(_ name: String) throws -> OpaquePointer {
        guard let t = rd_kafka_topic_new(handle, name, nil) else { throw HarnessError.driver("kafka: cannot open topic \(name)") }
        topics.append(t)
        return t
    }

    func subscribe(_ topic: String) throws {
        let list = rd_kafka_topic_partition_list_new(1)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        rd_kafka_topic_partition_list_add(list, topic, -1)
        let err = rd_kafka_subscribe(handle, list)
        if err.rawValue != 0 { throw HarnessError.driver("kafka subscribe: \(String(cString: rd_kafka_err2str(err)))") }
    }

    /// Creates `name` with `partitions` partitions through the Admin API (CreateTopics, the
    /// broker's default replication); a topic that already exists is an error, since its
    /// partition count may differ from the workload's.
    static func createTopic(_ name: String, partitions: Int, bootstrap: String) throws {
        let admin = try _KafkaHandle(type: RD_KAFKA_PRODUCER, settings: ["bootstrap.servers": bootstrap])
        var errstr = [CChar](repeating: 0, count: 512)
        guard let topic = rd_kafka_NewTopic_new(name, Int32(partitions), -1, &errstr, errstr.count) else {
            throw HarnessError.driver("kafka topic \(name): \(_string(errstr))")
        }
        defer { rd_kafka_NewTopic_destroy(topic) }
        guard let queue = rd_kafka_queue_new(admin.handle) else { throw HarnessError.driver("kafka: cannot create an admin queue") }
        defer { rd_kafka_queue_destroy(queue) }
        var list: [OpaquePointer?] = [topic]
        rd_kafka_CreateTopics(admin.handle, &list, 1, nil, queue)
        guard let event = rd_kafka_queue_poll(queue, 30_000) else {
            throw HarnessError.driver("kafka at \(bootstrap): no answer to CreateTopics \(name) within 30 s")
        }
        defer { rd_kafka_event_destroy(event) }
        if rd_kafka_event_error(event).rawValue != 0 {
            throw HarnessError.driver("kafka CreateTopics \(name) at \(bootstrap): \(String(cString: rd_kafka_event_error_string(event)))")
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else { throw HarnessError.driver("kafka CreateTopics \(name): no result") }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count), count == 1, let r = results[0] else {
            throw HarnessError.driver("kafka CreateTopics \(name): empty result")
        }
        let err = rd_kafka_topic_result_error(r)
        if err.rawValue != 0 {
            let message = rd_kafka_topic_result_error_string(r).map { String(cString: $0) } ?? String(cString: rd_kafka_err2str(err))
            throw HarnessError.driver("kafka CreateTopics \(name) (\(partitions) partitions) at \(bootstrap): \(message)")
        }
    }

    deinit {
        if type == RD_KAFKA_PRODUCER { rd_kafka_flush(handle, 10_000) }
        for t in topics { rd_kafka_topic_destroy(t) }
        rd_kafka_destroy(handle)
    }
}

/// librdkafka's mock cluster (one broker) running inside this process until released: the
/// Kafka driver's default, and a stand-in "real cluster" for tests of the bootstrap path.
public final class KafkaMockCluster: @unchecked Sendable {
    let owner: _KafkaHandle
    let cluster: OpaquePointer
    /// `host:port` of its broker, for `bootstrap.servers`.
    public let bootstrap: String

    /// The in-process mocks alive now, by bootstrap address (weakly held).
    private static let live = LockedValue([String: _WeakMock]())

    /// The in-process mock cluster listening at `bootstrap`, if there is one.
    static func running(at bootstrap: String) -> KafkaMockCluster? {
        live.withLock { $0[bootstrap]?.cluster }
    }

    public init() throws {
        // The owner only hosts the mock: its "no bootstrap.servers" notice is noise.
        owner = try _KafkaHandle(type: RD_KAFKA_PRODUCER, settings: ["log_level": "4"])
        guard let c = rd_kafka_mock_cluster_new(owner.handle, 1) else { throw HarnessError.driver("kafka: cannot start the mock cluster") }
        cluster = c
        bootstrap = String(cString: rd_kafka_mock_cluster_bootstraps(c))
        let box = _WeakMock(self)
        Self.live.withLock { $0[bootstrap] = box }
    }

    func createTopic(_ name: String, partitions: Int) throws {
        let err = rd_kafka_mock_topic_create(cluster, name, Int32(partitions), 1)
        if err.rawValue != 0 { throw HarnessError.driver("kafka mock topic \(name): \(String(cString: rd_kafka_err2str(err)))") }
    }

    deinit {
        let address = bootstrap
        Self.live.withLock { $0[address] = nil }
        rd_kafka_mock_cluster_destroy(cluster)
    }
}

final class _WeakMock: @unchecked Sendable {
    weak var cluster: KafkaMockCluster?
    init(_ cluster: KafkaMockCluster) { self.cluster = cluster }
}
#endif

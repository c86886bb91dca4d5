import Foundation
import RingLog
import RingLogPlatform
import RingLogBench
import RingLogReport
import RingLogExperiments
import RingLogThroughput
import RingLogKafkaDriver
import RingLogNATSDriver
import RingLogRabbitMQDriver
import RingLogRedisDriver

/// Registers the real-system drivers this build has, once (the CLI does this at start-up);
/// a broker test suite touches it in its `init`.
let registeredDrivers: Void = DriverRegistry.register(
    RedisDrivers.factories + KafkaDrivers.factories + NATSDrivers.factories + RabbitMQDrivers.factories)

/// A one-second open-loop run of a broker's driver (100-byte messages, batches of 50, 0.2 s
/// warm-up), `subscriptions` subscriptions of `consumers` consumers each.
func brokerRun(_ kind: DriverKind, _ name: String, subscriptions: Int, consumers: Int, rate: Int = 10_000) throws -> RunResult {
    var w = Workload(name: name, topics: 1, partitionsPerTopic: 1, messageSize: 100,
                     subscriptionsPerTopic: subscriptions, consumerPerSubscription: consumers, producersPerTopic: 1, producerRate: rate)
    w.ringlog.batchSize = 50
    return try Runner.run(kind, RunOptions(workload: w, durationSeconds: 1, warmupSeconds: 0.2))
}

/// One producer → `subscriptions` subscriptions of one partition, 100-byte messages drawn from a
/// pool of 7 half-random bodies, 64 KiB rings, batches of 16, at `rate` msg/s (a tenth under TSan).
func fanOutWorkload(_ name: String, subscriptions: Int, rate: Int) -> Workload {
    var w = Workload(name: name, topics: 1, partitionsPerTopic: 1, messageSize: 100)
    w.subscriptionsPerTopic = subscriptions
    w.useRandomizedPayloads = true
    w.randomizedPayloadPoolSize = 7
    w.randomBytesRatio = 0.5
    w.producerRate = ThreadSanitizer.isEnabled ? rate / 10 : rate
    w.ringlog.ringCapacity = 1 << 16
    w.ringlog.batchSize = 16
    return w
}

/// What a late subscriber gets after 2,000 messages were sent and read (the replay check).
func brokerReplay(_ kind: DriverKind, _ name: String, joinSeconds: Double) throws -> ReplayProbe {
    try Runner.replayProbe(kind, Workload(name: name, topics: 1, partitionsPerTopic: 1, messageSize: 100), records: 2_000, joinSeconds: joinSeconds)
}

/// Runs `body(i)` on `count` real threads (not tasks: ThreadSanitizer sees races between
/// threads) and waits for all of them.
func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let done = DispatchSemaphore(value: 0)
    for i in 0..<count {
        let thread = Thread {
            body(i)
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    for _ in 0..<count { done.wait() }
}

/// Scales stress-test sizes down under ThreadSanitizer (about 20x slower).
func stressCount(_ normal: Int) -> Int {
    ThreadSanitizer.isEnabled ? max(1, normal / 40) : normal
}

/// A small lock-protected box for collecting results from threads in tests.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withValue<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

extension Record {
    /// Value bytes as a String (test convenience).
    var valueString: String { String(decoding: valueBytes, as: UTF8.self) }
}

extension PartitionLog {
    /// Appends a String value (test convenience).
    @discardableResult
    func append(_ value: String, key: String? = nil, timestamp: Int64? = nil) throws(RingLogError) -> Int64 {
        try append(value: Array(value.utf8), key: key.map { Array($0.utf8) }, timestamp: timestamp)
    }

    /// Appends `values` (each with `key`) as one batch reserved to fit them exactly: their frames
    /// lie back to back, with no padding up to a publication boundary between them.
    @discardableResult
    func appendPacked(_ values: [[UInt8]], key: [UInt8]? = nil) throws(RingLogError) -> AppendedRange {
        var size = 0
        for v in values { size += try frameSize(keyLength: key?.count, valueLength: v.count) }
        return try appendBatch(maxBytes: size) { batch throws(RingLogError) in
            for v in values { try batch.append(value: v, key: key) }
        }
    }

    /// Copies out (offset, value) pairs from `offset` (test convenience).
    func readAll(from offset: Int64, max: Int = .max) throws(RingLogError) -> [(Int64, String)] {
        try fetch(from: offset, maxRecords: max) { batch in batch.map { ($0.offset, $0.valueString) } }
    }
}

/// Whether something accepts TCP connections at "host:port" (real-broker tests skip when not).
func tcpReachable(_ address: String) -> Bool {
    let parts = address.replacingOccurrences(of: "nats://", with: "").split(separator: ":")
    guard parts.count == 2, let port = UInt16(parts[1]) else { return false }
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var a = sockaddr_in()
    a.sin_family = sa_family_t(AF_INET)
    a.sin_port = port.bigEndian
    a.sin_addr.s_addr = inet_addr(String(parts[0]))
    return withUnsafePointer(to: &a) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    } == 0
}

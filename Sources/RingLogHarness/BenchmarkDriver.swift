import RingLog
import RingLogQueue

/// The systems the harness can drive.
public enum DriverKind: String, Sendable, CaseIterable, Codable {
    /// RingLog's partition log: topics, partitions, consumer groups (Kafka semantics).
    case log
    /// The lock-free queue baseline: one queue per subscription (SPSC when one producer and one
    /// consumer share it, else Vyukov MPMC), competing consumers, delete on consume.
    case queue
    /// The same topology on mutex-protected queues (glibc pthread mutex).
    case mutexQueue = "mutex-queue"
    /// Redis Streams over loopback (built with `--traits Redis`; server from `RINGLOG_REDIS`).
    case redis
    /// Kafka through librdkafka: its in-process mock cluster, or `RINGLOG_KAFKA_BOOTSTRAP`
    /// (built with `--traits Kafka`).
    case kafka
    /// NATS JetStream over loopback (built with `--traits NATS`; server from `RINGLOG_NATS`).
    case nats
    /// RabbitMQ over loopback (built with `--traits RabbitMQ`; server from `RINGLOG_RABBITMQ`).
    case rabbitmq

    /// The in-process drivers (what `compare` runs).
    public static let inProcess: [DriverKind] = [.log, .queue, .mutexQueue]
}

/// One system under test, behind the small contract OMB's drivers have: create topics, make
/// producers and consumers. The runner is generic over it (no existentials on the hot path);
/// real brokers' drivers can conform later.
public protocol BenchmarkDriver: AnyObject {
    associatedtype Producer: DriverProducer
    associatedtype Consumer: DriverConsumer

    /// Name for results (`driver` in OMB's JSON).
    var name: String { get }
    /// Driver settings recorded in the result.
    var settings: [String: String] { get }
    /// Creates topic `index` with `partitions` partitions, its memory on `numaNode` when given
    /// (the node of the topic's first consumer) and the driver supports it.
    func createTopic(index: Int, partitions: Int, numaNode: Int?) throws
    /// A producer for one thread.
    func makeProducer(topic: Int, index: Int) throws -> Producer
    /// A consumer for one thread, in subscription `subscription` of `topic`.
    func makeConsumer(topic: Int, subscription: Int, index: Int) throws -> Consumer
    /// A consumer for a subscriber that arrives after messages were sent to `topic`, attached
    /// the way a new subscriber attaches to this system (the replay experiment): a new consumer
    /// group or durable consumer on a log, which can read what the log retains; a new queue
    /// bound now on a queue system, which sees only what is sent from then on.
    func makeLateConsumer(topic: Int) throws -> Consumer
    /// How `makeLateConsumer` attaches, in words, for the report.
    var lateSubscriber: String { get }
    /// Bytes of message storage the driver allocated (rings or queue slots).
    var storageBytes: Int { get }
    /// Whether the driver promises per-partition order to a subscription (a log does; competing
    /// queue consumers do not).
    var ordersPerPartition: Bool { get }
    /// Whether every sent message must reach every subscription (false for a log in overwrite
    /// retention, which drops what slow readers have not read).
    var lossless: Bool { get }
    /// Closes everything: blocked producers and waiting consumers return.
    func shutdown()
    /// What producers did while the system pushed back inside the driver (episodes, spins,
    /// yields, parks); empty when the driver reports push-back by returning 0 from `send`.
    var producerWaitCounters: [String: Int] { get }
}

extension BenchmarkDriver {
    public var producerWaitCounters: [String: Int] { [:] }
}

/// Sends messages for one producer thread.
public protocol DriverProducer: SendableMetatype {
    /// Sends up to `count` messages of `size` bytes. Message `i` gets key `messages.key(i)`
    /// (`MessageHeader.noKey` for none) and its bytes are written in place by
    /// `messages.write(i, into: buffer)`. Returns how many were accepted; 0 means the system
    /// pushes back (full) and the caller should retry (with the same messages).
    mutating func send(count: Int, size: Int, messages: inout MessageBatch) throws -> Int
    /// For systems that acknowledge asynchronously (Kafka's delivery reports): passes the
    /// latency in ns from the send call to each acknowledgement that arrived since the last call
    /// to `record`, and returns true; the runner then reports those as publish latency, as OMB
    /// does. The default returns false: the send call's own duration is the publish latency.
    mutating func takeAckLatencies(_ record: (Int64) -> Void) -> Bool
}

extension DriverProducer {
    @inline(__always)
    public mutating func takeAckLatencies(_ record: (Int64) -> Void) -> Bool { false }
}

/// Receives messages for one consumer thread.
public protocol DriverConsumer: SendableMetatype {
    /// Receives up to `max` messages, passing each (partition, payload) to `body` as a borrowed
    /// view. Returns how many; 0 when none are ready.
    mutating func poll(max: Int, _ body: (Int, UnsafeRawBufferPointer) -> Void) throws -> Int
    /// Leaves (commits, releases resources).
    mutating func close()
}

/// The 10,000 keys OMB's key distributors draw from, 7 bytes each, flat.
public struct KeyTable: Sendable {
    public static let count = 10_000
    public static let length = 7
    public let bytes: [UInt8]

    public init(seed: UInt64 = 0x5EED) {
        var state = seed
        var out = [UInt8]()
        out.reserveCapacity(Self.count * Self.length)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        for _ in 0..<(Self.count * Self.length) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            out.append(alphabet[Int(state >> 58)])
        }
        bytes = out
    }
}

/// A driver could not be set up or lost its system (a broker not running, a missing library).
public enum HarnessError: Error, CustomStringConvertible {
    case driver(String)
    public var description: String {
        switch self {
        case .driver(let message): return message
        }
    }
}

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

    /// How to build this program with the driver for `self` (for a system not built in).
    public var buildHint: String {
        switch self {
        case .log, .queue, .mutexQueue: return "always built in"
        case .redis: return "install libhiredis-dev and build with --traits Redis"
        case .kafka: return "install librdkafka-dev and build with --traits Kafka"
        case .nats: return "install libnats-dev and build with --traits NATS"
        case .rabbitmq: return "install librabbitmq-dev and build with --traits RabbitMQ"
        }
    }
}

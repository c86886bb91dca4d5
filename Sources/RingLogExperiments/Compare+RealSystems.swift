import Foundation
import RingLogBench
import RingLogServer

extension Compare {
    /// The real systems of `compare --systems`, in report order: Redis Streams, the librdkafka
    /// mock cluster, RingLog behind the Kafka protocol, NATS JetStream, and RabbitMQ's three
    /// queue types.
    static var realSystems: [_RealSystem] {
        [
            _RealSystem(label: "Redis Streams (loopback)", kind: .redis, warmup: 0.5),
            _RealSystem(label: "Kafka, librdkafka mock cluster (in process)", kind: .kafka, warmup: 4),
            _RealSystem(label: ringlogOverKafka, kind: .kafka, warmup: 4, setUp: startServe),
            _RealSystem(label: "NATS JetStream (loopback)", kind: .nats, warmup: 0.5),
            rabbitMQ("classic"), rabbitMQ("quorum"), rabbitMQ("stream"),
        ]
    }

    /// RingLog over the Kafka protocol: `ringlog serve` in this process on a free loopback port
    /// (4 partitions a topic, 16 MiB rings), reached by the same librdkafka driver, with the same
    /// (idempotent) producer settings, as the Kafka mock.
    static func startServe() throws -> _RealSystem.Session {
        guard DriverRegistry.factory(for: .kafka) != nil else {
            throw HarnessError.driver("the kafka driver is not built in: \(DriverKind.kafka.buildHint)")
        }
        let server = try KafkaServer.start(configuration: KafkaServerConfiguration(
            listen: ListenAddress(host: "127.0.0.1", port: 0), partitions: 4, ringCapacity: 1 << 24), log: { _ in })
        let bootstrap = "127.0.0.1:\(server.address.port)"
        return _RealSystem.Session(adjust: { w in w.ringlog.bootstrapServers = bootstrap }, tearDown: { server.shutdown() })
    }

    /// RabbitMQ with queues of `type` (classic, quorum or stream), chosen through the driver's
    /// `RINGLOG_RABBITMQ_QUEUE` for the system's runs.
    static func rabbitMQ(_ type: String) -> _RealSystem {
        _RealSystem(label: "RabbitMQ \(type) queues (loopback)", kind: .rabbitmq, warmup: 0.5, setUp: {
            setenv("RINGLOG_RABBITMQ_QUEUE", type, 1)
            return _RealSystem.Session(tearDown: { unsetenv("RINGLOG_RABBITMQ_QUEUE") })
        })
    }
}

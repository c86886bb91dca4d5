#if Kafka
import Testing
import RingLogBench
import RingLogReport
import RingLogExperiments
import RingLogThroughput
@testable import RingLogKafkaDriver

/// Kafka through librdkafka's in-process mock cluster, end to end (no broker needed).
@Suite("Kafka driver (librdkafka mock cluster)", .serialized)
struct KafkaDriverTests {
    init() { _ = registeredDrivers }

    @Test("a keyed workload through the Kafka mock verifies itself: no loss, no duplicate, order per partition, two groups")
    func kafkaMockRunVerifies() throws {
        var w = Workload(name: "kafka-smoke", topics: 1, partitionsPerTopic: 4, messageSize: 100, keyDistributor: .keyRoundRobin,
                         subscriptionsPerTopic: 2, consumerPerSubscription: 1, producersPerTopic: 1, producerRate: 20_000)
        w.ringlog.batchSize = 50
        // The mock's group join takes about 3 s: warm up through it.
        let r = try Runner.run(.kafka, RunOptions(workload: w, durationSeconds: 1, warmupSeconds: 3.5))
        #expect(r.verified, "\(r.verification) \(r.driverSettings["failures"] ?? "")")
        #expect(r.totalSent > 10_000 && r.verification.allSatisfy { $0.received == $0.sent && $0.reordered == 0 })
    }

    @Test("--bootstrap-servers: a cluster given by its address serves the run (an in-process mock stands in for it), with the producer settings applied")
    func kafkaByAddressWithProducerSettings() throws {
        let cluster = try KafkaMockCluster() // stands in for a real cluster: the driver only sees its address
        var w = Workload(name: "kafka-bootstrap", topics: 1, partitionsPerTopic: 3, messageSize: 100, keyDistributor: .keyRoundRobin,
                         subscriptionsPerTopic: 1, consumerPerSubscription: 1, producersPerTopic: 1, producerRate: 10_000)
        w.ringlog.batchSize = 50
        w.ringlog.bootstrapServers = cluster.bootstrap
        w.ringlog.kafkaProducer = "compression.type=lz4,linger.ms=2"
        let r = try Runner.run(.kafka, RunOptions(workload: w, durationSeconds: 1, warmupSeconds: 3.5))
        #expect(r.verified, "\(r.verification) \(r.driverSettings["failures"] ?? "")")
        #expect(r.driver == "kafka" && r.driverSettings["bootstrap"] == cluster.bootstrap)
        let producer = r.driverSettings["producer"] ?? ""
        #expect(producer.contains("compression.type=lz4") && producer.contains("linger.ms=2") && producer.contains("acks=all"), "\(producer)")
        #expect(r.verification.allSatisfy { $0.received == $0.sent && $0.reordered == 0 } && r.totalSent > 5_000)
    }

    @Test("an unknown producer property is refused with librdkafka's message naming it")
    func kafkaBadProducerPropertyIsRefused() throws {
        var w = Workload(name: "kafka-bad-setting", topics: 1, partitionsPerTopic: 1, messageSize: 100)
        w.ringlog.kafkaProducer = "no.such.property=1"
        #expect { try Runner.run(.kafka, RunOptions(workload: w, durationSeconds: 0.5, warmupSeconds: 0)) } throws: {
            "\($0)".contains("no.such.property")
        }
    }

    @Test("a consumer group that joins after the producer finished replays the partition from the start")
    func kafkaLateGroupReplays() throws {
        let w = Workload(name: "kafka-replay", topics: 1, partitionsPerTopic: 1, messageSize: 100)
        let p = try Runner.replayProbe(.kafka, w, records: 2_000, joinSeconds: 8)
        #expect(p.sent == 2_000 && p.firstSubscriber == 2_000)
        #expect(p.lateSubscriber == 2_000, "\(p.how)")
    }

    @Test("publish latency is the broker's acknowledgement (a delivery report), not the enqueue into librdkafka")
    func kafkaPublishLatencyIsTheAck() throws {
        var w = Workload(name: "kafka-acks", topics: 1, partitionsPerTopic: 1, messageSize: 100,
                         subscriptionsPerTopic: 1, consumerPerSubscription: 1, producersPerTopic: 1, producerRate: 5_000)
        w.ringlog.batchSize = 10
        let r = try Runner.run(.kafka, RunOptions(workload: w, durationSeconds: 1, warmupSeconds: 3.5))
        let omb = OMBResult(workload: w, run: r)
        #expect(r.verified)
        // linger.ms=1 holds every batch about 1 ms before it is sent, so no ack can come sooner;
        // an enqueue into librdkafka takes microseconds.
        #expect(omb.aggregatedPublishLatency50pct >= 0.5, "publish p50 \(omb.aggregatedPublishLatency50pct) ms")
        #expect(omb.aggregatedPublishLatency50pct < 10_000)
        #expect(r.driverSettings["publishLatency"]?.contains("broker ack") == true)
        #expect(r.driverSettings["clientVersion"]?.hasPrefix("librdkafka ") == true)
    }
}
#endif

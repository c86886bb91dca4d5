#if Kafka
import Testing
import RingLogHarness

/// Kafka through librdkafka's in-process mock cluster, end to end (no broker needed).
@Suite("Kafka driver (librdkafka mock cluster)", .serialized)
struct KafkaDriverTests {
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

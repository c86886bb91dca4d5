#if Kafka
import Testing
import RingLogBench
import RingLogPlatform
import RingLogServer
@testable import RingLogKafkaDriver

/// The harness's Kafka driver (librdkafka's KafkaConsumer) in consumer groups against
/// `ringlog serve`'s group coordinator.
@Suite("ringlog serve: consumer groups through the harness's Kafka driver", .serialized)
struct ServeGroupsHarnessTests {
    init() { _ = registeredDrivers }

    @Test("two consumers in one group share four partitions: the OMB workload verifies (no loss, no duplicate, per-partition order)")
    func twoConsumersShareTheGroup() throws {
        let (server, groups, lines) = try startServeGroupsServer(partitions: 4)
        defer { server.shutdown() }
        var w = Workload(name: "serve-kafka-group", topics: 1, partitionsPerTopic: 4, messageSize: 100, keyDistributor: .keyRoundRobin,
                         subscriptionsPerTopic: 1, consumerPerSubscription: 2, producersPerTopic: 1, producerRate: 5_000)
        w.ringlog.batchSize = 50
        w.ringlog.bootstrapServers = "127.0.0.1:\(server.address.port)"
        w.ringlog.kafkaProducer = "enable.idempotence=false" // InitProducerId is not served
        var options = RunOptions(workload: w, durationSeconds: 1, warmupSeconds: 3.5)
        // At each measurement window's end: the most members a group has (both consumers joined).
        let most = LockedValue(0)
        options.progress = { _ in
            let n = groups.coordinator.groupIds.compactMap { groups.coordinator.describeGroup($0)?.memberIds.count }.max() ?? 0
            most.withLock { $0 = max($0, n) }
        }
        let r = try Runner.run(.kafka, options)
        #expect(r.verified, "\(r.verification) \(r.driverSettings["failures"] ?? "") server: \(lines.all.suffix(5))")
        #expect(r.totalSent > 2_000 && r.verification.allSatisfy { $0.received == $0.sent })
        #expect(most.withLock { $0 } == 2)
    }

    @Test("a consumer group that joins after the producer finished replays the topic from earliest")
    func lateGroupReplays() throws {
        let (server, _, _) = try startServeGroupsServer(partitions: 1)
        defer { server.shutdown() }
        var w = Workload(name: "serve-kafka-replay", topics: 1, partitionsPerTopic: 1, messageSize: 100)
        w.ringlog.bootstrapServers = "127.0.0.1:\(server.address.port)"
        w.ringlog.kafkaProducer = "enable.idempotence=false"
        let p = try Runner.replayProbe(.kafka, w, records: 2_000, joinSeconds: 8)
        #expect(p.sent == 2_000 && p.firstSubscriber == 2_000)
        #expect(p.lateSubscriber == 2_000, "\(p.how)")
    }
}
#endif

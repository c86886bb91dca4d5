#if Kafka
import Testing
import RingLogBench
import RingLogServer
@testable import RingLogKafkaDriver

/// The project's own Kafka driver (librdkafka, consumer groups) against `ringlog serve`.
@Suite("ringlog serve: the harness's Kafka driver", .serialized)
struct ServeHarnessTests {
    init() { _ = registeredDrivers }

    @Test("Runner.run(.kafka) with --bootstrap-servers at ringlog serve verifies itself through the server's group coordinator")
    func harnessAgainstServe() throws {
        let (server, lines) = try startServeTestServer { $0.partitions = 2 }
        defer { server.shutdown() }
        var w = Workload(name: "serve-kafka", topics: 1, partitionsPerTopic: 2, messageSize: 100, keyDistributor: .keyRoundRobin,
                         subscriptionsPerTopic: 1, consumerPerSubscription: 1, producersPerTopic: 1, producerRate: 5_000)
        w.ringlog.batchSize = 50
        w.ringlog.bootstrapServers = "127.0.0.1:\(server.address.port)"
        // The driver's producer is idempotent by default (OMB's settings): InitProducerId and
        // the sequence checks are on this path.
        // The driver subscribes through consumer groups: the server's GroupCoordinator
        // (CoordinatedGroups) serves them.
        let r = try Runner.run(.kafka, RunOptions(workload: w, durationSeconds: 1, warmupSeconds: 3.5))
        #expect(r.verified, "\(r.verification) \(r.driverSettings["failures"] ?? "") server: \(lines.all.suffix(5))")
        #expect(r.totalSent > 2_000 && r.verification.allSatisfy { $0.received == $0.sent })
    }
}
#endif

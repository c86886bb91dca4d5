import Foundation
import Testing
@testable import RingLogBench
@testable import RingLogExperiments

@Suite("compare --systems: the real systems and their set-up")
struct CompareRealSystemsTests {
    @Test func everyRealSystemHasItsOwnLabelAndRunFileTag() {
        let labels = Compare.realSystems.map(\.label)
        #expect(Set(labels).count == labels.count)
        #expect(labels.contains(Compare.ringlogOverKafka))
        let tags = Compare.realSystems.map(\.tag)
        #expect(Set(tags).count == tags.count, "\(tags)")
        #expect(tags.contains("redis-streams") && tags.contains("rabbitmq-quorum"))
    }

    @Test func aSystemWithoutSetUpLeavesTheWorkloadAsItIs() throws {
        let redis = try #require(Compare.realSystems.first { $0.kind == .redis })
        let session = try redis.setUp()
        var w = Compare.base("w")
        session.adjust(&w)
        #expect(w == Compare.base("w"))
        session.tearDown()
    }

    @Test func rabbitMQHasOneSystemPerQueueType() {
        // (Their set-up sets RINGLOG_RABBITMQ_QUEUE for the process, so it is not run here,
        // beside tests that may drive RabbitMQ.)
        let rabbit = Compare.realSystems.filter { $0.kind == .rabbitmq }.map(\.label)
        #expect(rabbit == ["classic", "quorum", "stream"].map { "RabbitMQ \($0) queues (loopback)" })
    }

    @Test func ringlogOverKafkaStartsAServerAndPointsEachWorkloadAtItOrSaysWhyNot() throws {
        guard DriverRegistry.factory(for: .kafka) != nil else {
            // A build without the Kafka driver: the system is skipped with the build hint.
            #expect(throws: HarnessError.self) { try Compare.startServe() }
            return
        }
        let session = try Compare.startServe()
        defer { session.tearDown() }
        var w = Compare.base("w")
        session.adjust(&w)
        let port = try #require(w.ringlog.bootstrapServers?.split(separator: ":").last.flatMap { Int($0) })
        #expect(port > 0 && w.ringlog.bootstrapServers == "127.0.0.1:\(port)")
        #expect(w.ringlog.kafkaProducer.isEmpty, "the driver's own (idempotent) producer settings, as for the mock")
    }
}

#if RabbitMQ
import Testing
import Foundation
import RingLogBench
import RingLogReport
import RingLogExperiments
import RingLogThroughput
@testable import RingLogRabbitMQDriver

/// RabbitMQ through the harness, end to end: fanout exchange, a queue per subscription, competing
/// consumers. Needs a server at RINGLOG_RABBITMQ (`.ci/run` starts one with
/// scripts/rabbitmq.sh); without one the test is skipped and says why.
@Suite("RabbitMQ driver", .serialized, .waitsOnItsOwnThread)
struct RabbitMQDriverTests {
    init() { _ = registeredDrivers }

    static var address: String { ProcessInfo.processInfo.environment["RINGLOG_RABBITMQ"] ?? "127.0.0.1:5672" }
    static var reachable: Bool { tcpReachable(address) }

    @Test("fan-out to two queues (competing consumers on classic and quorum queues): every message once per subscription, nothing lost",
          .enabled(if: reachable, "no RabbitMQ at RINGLOG_RABBITMQ (\(address)): start one with scripts/rabbitmq.sh start"),
          arguments: ["classic", "quorum", "stream"])
    func rabbitMQRunVerifies(queueType: String) throws {
        setenv("RINGLOG_RABBITMQ_QUEUE", queueType, 1)
        defer { unsetenv("RINGLOG_RABBITMQ_QUEUE") }
        // A stream queue is a log: its consumers do not compete, each reads the whole stream.
        let r = try brokerRun(.rabbitmq, "rabbitmq-smoke", subscriptions: 2, consumers: queueType == "stream" ? 1 : 2)
        #expect(r.verified, "\(r.verification) \(r.driverSettings["failures"] ?? "")")
        #expect(r.totalSent > 5_000 && r.verification.allSatisfy { $0.received == $0.sent && $0.duplicates == 0 })
        // The result names what ran: server and client versions.
        #expect(r.driverSettings["serverVersion"]?.hasPrefix("RabbitMQ ") == true, "\(r.driverSettings["serverVersion"] ?? "-")")
        #expect(r.driverSettings["clientVersion"]?.hasPrefix("rabbitmq-c ") == true)
        #expect(r.consumerReceived.allSatisfy { $0 > 0 }, "competing consumers share each queue: \(r.consumerReceived)")
    }

    @Test("a late subscriber gets nothing from a classic or quorum queue and the whole history from a stream",
          .enabled(if: reachable, "no RabbitMQ at RINGLOG_RABBITMQ (\(address)): start one with scripts/rabbitmq.sh start"),
          arguments: ["classic", "quorum", "stream"])
    func rabbitMQLateSubscriber(queueType: String) throws {
        setenv("RINGLOG_RABBITMQ_QUEUE", queueType, 1)
        defer { unsetenv("RINGLOG_RABBITMQ_QUEUE") }
        let p = try brokerReplay(.rabbitmq, "rabbitmq-replay", joinSeconds: 2)
        #expect(p.sent == 2_000 && p.firstSubscriber == 2_000)
        #expect(p.lateSubscriber == (queueType == "stream" ? 2_000 : 0), "\(p.how)")
    }
}
#endif

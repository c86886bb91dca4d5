#if NATS
import Testing
import Foundation
import RingLogBench
import RingLogReport
import RingLogExperiments
import RingLogThroughput
@testable import RingLogNATSDriver

/// NATS JetStream through the harness, end to end. Needs a server at RINGLOG_NATS (`.ci/run`
/// starts one with scripts/nats.sh); without one the test is skipped and says why.
@Suite("NATS JetStream driver", .serialized, .waitsOnItsOwnThread)
struct NATSDriverTests {
    init() { _ = registeredDrivers }

    static var url: String { ProcessInfo.processInfo.environment["RINGLOG_NATS"] ?? "nats://127.0.0.1:4222" }
    static var reachable: Bool { tcpReachable(url) }

    @Test("a small workload through NATS JetStream verifies itself: no loss, no duplicate, in order, two subscriptions",
          .enabled(if: reachable, "no NATS server at RINGLOG_NATS (\(url)): start one with scripts/nats.sh start"))
    func natsJetStreamRunVerifies() throws {
        let r = try brokerRun(.nats, "nats-smoke", subscriptions: 2, consumers: 1)
        #expect(r.verified, "\(r.verification) \(r.driverSettings["failures"] ?? "")")
        #expect(r.totalSent > 5_000 && r.verification.allSatisfy { $0.received == $0.sent && $0.reordered == 0 })
        // The result names what ran: server and client versions.
        #expect(r.driverSettings["serverVersion"]?.hasPrefix("nats-server ") == true, "\(r.driverSettings["serverVersion"] ?? "-")")
        #expect(r.driverSettings["clientVersion"]?.hasPrefix("NATS C client ") == true)
        #expect(r.driverSettings["consumers"]?.contains("pull consumer") == true)
    }

    @Test("two members of one subscription compete for its messages, pulling or pushed: each message once",
          .enabled(if: reachable, "no NATS server at RINGLOG_NATS (\(url)): start one with scripts/nats.sh start"),
          arguments: ["pull", "push"])
    func natsCompetingConsumers(mode: String) throws {
        setenv("RINGLOG_NATS_CONSUMER", mode, 1)
        defer { unsetenv("RINGLOG_NATS_CONSUMER") }
        let r = try brokerRun(.nats, "nats-competing-\(mode)", subscriptions: 1, consumers: 2)
        #expect(r.verified, "\(r.verification) \(r.driverSettings["failures"] ?? "")")
        #expect(r.totalSent > 5_000 && r.verification.allSatisfy { $0.received == $0.sent && $0.duplicates == 0 })
        #expect(r.consumerReceived.allSatisfy { $0 > 0 }, "both members take messages: \(r.consumerReceived)")
        #expect(r.driverSettings["consumers"]?.contains("\(mode) consumer") == true)
    }

    @Test("a bad consumer mode or pull batch is refused with a message naming the setting")
    func natsBadSettingsAreRefused() {
        setenv("RINGLOG_NATS_CONSUMER", "poll", 1)
        #expect { try NATSDriver(consumersPerSubscription: 1) } throws: { "\($0)".contains("RINGLOG_NATS_CONSUMER must be pull or push") }
        unsetenv("RINGLOG_NATS_CONSUMER")
        setenv("RINGLOG_NATS_PULL_BATCH", "0", 1)
        #expect { try NATSDriver(consumersPerSubscription: 1) } throws: { "\($0)".contains("RINGLOG_NATS_PULL_BATCH must be 1...4096") }
        unsetenv("RINGLOG_NATS_PULL_BATCH")
    }

    @Test("a late durable consumer replays the whole stream", .enabled(if: reachable, "no NATS server at RINGLOG_NATS (\(url)): start one with scripts/nats.sh start"))
    func natsLateGroupReplays() throws {
        let p = try brokerReplay(.nats, "nats-replay", joinSeconds: 3)
        #expect(p.sent == 2_000 && p.firstSubscriber == 2_000)
        #expect(p.lateSubscriber == 2_000, "\(p.how)")
    }
}
#endif

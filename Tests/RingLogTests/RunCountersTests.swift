import Testing
import RingLogPlatform
import RingLogBench

@Suite("Per-thread counters of a run (--counters)")
struct RunCountersTests {
    /// One producer → two subscriptions of one consumer each, 20,000 msg/s for 0.5 s.
    func workload() -> Workload {
        var w = Workload(name: "counted", topics: 1, partitionsPerTopic: 1, messageSize: 100,
                         subscriptionsPerTopic: 2, consumerPerSubscription: 1, producersPerTopic: 1, producerRate: 20_000)
        w.ringlog.ringCapacity = 1 << 16
        return w
    }

    @Test("a counted run reports task-clock per message for the producers and each subscription's consumers, and says once why a counter is missing")
    func countedRunReportsPerRoleAndMessage() throws {
        var o = RunOptions(workload: workload(), durationSeconds: 0.5, warmupSeconds: 0.1)
        o.counters = true
        let r = try Runner.run(.log, o)
        #expect(r.verified)
        let report = try #require(r.counters)
        #expect(report.roles.map(\.role) == ["producers", "consumers of subscription 0", "consumers of subscription 1"])
        for role in report.roles {
            #expect(role.threads == 1)
            #expect(role.messages > 1_000, "\(role.role) counted \(role.messages) messages")
            // Busy threads: CPU time per message is positive and below the measured phase's span.
            let ns = try #require(role.perMessage["task-clock"], "\(role)")
            #expect(ns > 0 && ns < 0.5e9 / Double(role.messages) * 2, "\(role.role): \(ns) ns per message")
        }
        // The producers' messages are those sent in the measured windows.
        #expect(report.roles[0].messages == r.aggregate.sent)
        // Every hardware counter either counted or is named, once, with a reason.
        for c in PerfCounter.hardware where report.roles[0].perMessage[c.rawValue] == nil {
            #expect(report.unavailable.filter { $0.contains(c.rawValue) }.count == 1, "\(c): \(report.unavailable)")
        }
        #expect(Set(report.unavailable).count == report.unavailable.count)
    }

    @Test("without the flag nothing is opened and the result has no counters")
    func uncountedRunHasNoCounters() throws {
        let r = try Runner.run(.log, RunOptions(workload: workload(), durationSeconds: 0.3, warmupSeconds: 0))
        #expect(r.verified)
        #expect(r.counters == nil)
    }
}

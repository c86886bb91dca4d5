import Testing
import RingLog
import RingLogPlatform
import RingLogBench
import RingLogReport
import RingLogExperiments
import RingLogThroughput

/// The harness on overwrite retention with rings far too small for the stream: consumers get
/// lapped all the time. Lapped records count as lost; nothing is counted twice, out of order
/// or corrupted, and the run verifies (overwrite promises no completeness).
@Suite("Harness: overwrite retention under lapping pressure", .serialized)
struct HarnessOverwriteTests {
    static func lappingRun(subscriptions: Int) throws -> RunResult {
        var w = fanOutWorkload("overwrite-\(subscriptions)", subscriptions: subscriptions, rate: 10_000_000)
        w.ringlog.retention = .overwrite
        w.ringlog.ringCapacity = 1 << 13
        return try Runner.run(.log, RunOptions(workload: w, durationSeconds: ThreadSanitizer.isEnabled ? 0.3 : 0.6, warmupSeconds: 0.1))
    }

    @Test("1P1C and fan-out K = 4: lapped records are lost, never duplicated, reordered or corrupted", arguments: [1, 4])
    func lappedConsumersLoseButNeverMiscount(subscriptions: Int) throws {
        let r = try Self.lappingRun(subscriptions: subscriptions)
        #expect(r.verification.count == subscriptions)
        for v in r.verification {
            #expect(v.duplicates == 0 && v.reordered == 0 && v.corrupted == 0, "\(v)")
            #expect(v.received > 0 && v.received + v.lost == r.totalSent, "\(v), sent \(r.totalSent)")
        }
        #expect(r.verification.reduce(0) { $0 + $1.lost } > 0, "an 8 KiB ring must lap its consumers")
        #expect(r.verified && !r.lossless)
    }
}

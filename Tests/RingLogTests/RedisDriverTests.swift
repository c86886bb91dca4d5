#if Redis
import Testing
import Foundation
import RingLogHarness

/// Redis Streams through the harness, end to end. Needs a server at RINGLOG_REDIS (`.ci/run`
/// starts one with scripts/redis.sh); without one the test is skipped and says why.
@Suite("Redis Streams driver", .serialized)
struct RedisDriverTests {
    static var address: String { ProcessInfo.processInfo.environment["RINGLOG_REDIS"] ?? "127.0.0.1:6379" }
    static var reachable: Bool {
        let parts = address.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1]) else { return false }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = port.bigEndian
        a.sin_addr.s_addr = inet_addr(String(parts[0]))
        return withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
    }

    @Test("a small workload through Redis Streams verifies itself: no loss, no duplicate, in order",
          .enabled(if: reachable, "no Redis server at RINGLOG_REDIS (\(address)): start one with scripts/redis.sh start"))
    func redisStreamsRunVerifies() throws {
        var w = Workload(name: "redis-smoke", topics: 1, partitionsPerTopic: 1, messageSize: 100,
                         subscriptionsPerTopic: 2, consumerPerSubscription: 1, producersPerTopic: 1, producerRate: 20_000)
        w.ringlog.batchSize = 50
        let r = try Runner.run(.redis, RunOptions(workload: w, durationSeconds: 1, warmupSeconds: 0.2))
        #expect(r.verified, "\(r.verification)")
        #expect(r.totalSent > 5_000 && r.verification.allSatisfy { $0.received == $0.sent && $0.reordered == 0 })
    }
}
#endif

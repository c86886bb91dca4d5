#if Redis
import Testing
import Foundation
import RingLogBench
import RingLogReport
import RingLogExperiments
import RingLogThroughput
@testable import RingLogRedisDriver

/// Redis Streams through the harness, end to end. Needs a server at RINGLOG_REDIS (`.ci/run`
/// starts one with scripts/redis.sh); without one the test is skipped and says why.
@Suite("Redis Streams driver", .serialized, .waitsOnItsOwnThread)
struct RedisDriverTests {
    init() { _ = registeredDrivers }

    static var address: String { ProcessInfo.processInfo.environment["RINGLOG_REDIS"] ?? "127.0.0.1:6379" }
    static var reachable: Bool { tcpReachable(address) }

    @Test("a small workload through Redis Streams verifies itself: no loss, no duplicate, in order",
          .enabled(if: reachable, "no Redis server at RINGLOG_REDIS (\(address)): start one with scripts/redis.sh start"))
    func redisStreamsRunVerifies() throws {
        let r = try brokerRun(.redis, "redis-smoke", subscriptions: 2, consumers: 1, rate: 20_000)
        #expect(r.verified, "\(r.verification)")
        #expect(r.totalSent > 5_000 && r.verification.allSatisfy { $0.received == $0.sent && $0.reordered == 0 })
        // The result names what ran: server and client versions.
        #expect(r.driverSettings["serverVersion"]?.hasPrefix("redis ") == true, "\(r.driverSettings["serverVersion"] ?? "-")")
        #expect(r.driverSettings["clientVersion"]?.hasPrefix("hiredis ") == true)
    }

    @Test("a late consumer group replays the whole stream", .enabled(if: reachable, "no Redis server at RINGLOG_REDIS (\(address)): start one with scripts/redis.sh start"))
    func redisLateGroupReplays() throws {
        let p = try brokerReplay(.redis, "redis-replay", joinSeconds: 3)
        #expect(p.sent == 2_000 && p.firstSubscriber == 2_000)
        #expect(p.lateSubscriber == 2_000, "\(p.how)")
    }
}
#endif

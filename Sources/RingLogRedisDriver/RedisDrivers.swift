import RingLogBench

/// The Redis driver's entries for `DriverRegistry`: one factory when this build has the
/// Redis trait (and so its C client library), none otherwise.
public enum RedisDrivers {
    public static var factories: [any DriverFactory] {
        #if Redis
        [RedisDriverFactory()]
        #else
        []
        #endif
    }
}

#if Redis
/// Builds a `RedisDriver` for a workload (real systems never busy-spin: their clients block).
struct RedisDriverFactory: DriverFactory {
    var kind: DriverKind { .redis }

    func withDriver<V: DriverVisitor>(for w: Workload, _ visitor: V) throws -> V.Output {
        try visitor.visit(RedisDriver(consumersPerSubscription: w.consumerPerSubscription), spin: false)
    }
}
#endif

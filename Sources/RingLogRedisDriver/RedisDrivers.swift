import RingLogBench

/// The Redis driver's entries for `DriverRegistry`: one factory when this build has the
/// Redis trait (and so its C client library), none otherwise.
public enum RedisDrivers {
    public static var factories: [any DriverFactory] {
        #if Redis
        [BrokerDriverFactory(.redis) { w in try RedisDriver(consumersPerSubscription: w.consumerPerSubscription) }]
        #else
        []
        #endif
    }
}

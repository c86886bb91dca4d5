import RingLogBench

/// The NATS driver's entries for `DriverRegistry`: one factory when this build has the
/// NATS trait (and so its C client library), none otherwise.
public enum NATSDrivers {
    public static var factories: [any DriverFactory] {
        #if NATS
        [BrokerDriverFactory(.nats) { w in try NATSDriver(consumersPerSubscription: w.consumerPerSubscription) }]
        #else
        []
        #endif
    }
}

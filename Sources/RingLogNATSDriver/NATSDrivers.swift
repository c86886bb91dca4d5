import RingLogBench

/// The NATS driver's entries for `DriverRegistry`: one factory when this build has the
/// NATS trait (and so its C client library), none otherwise.
public enum NATSDrivers {
    public static var factories: [any DriverFactory] {
        #if NATS
        [NATSDriverFactory()]
        #else
        []
        #endif
    }
}

#if NATS
/// Builds a `NATSDriver` for a workload (real systems never busy-spin: their clients block).
struct NATSDriverFactory: DriverFactory {
    var kind: DriverKind { .nats }

    func withDriver<V: DriverVisitor>(for w: Workload, _ visitor: V) throws -> V.Output {
        try visitor.visit(NATSDriver(consumersPerSubscription: w.consumerPerSubscription), spin: false)
    }
}
#endif

import RingLogBench

/// The RabbitMQ driver's entries for `DriverRegistry`: one factory when this build has the
/// RabbitMQ trait (and so its C client library), none otherwise.
public enum RabbitMQDrivers {
    public static var factories: [any DriverFactory] {
        #if RabbitMQ
        [RabbitMQDriverFactory()]
        #else
        []
        #endif
    }
}

#if RabbitMQ
/// Builds a `RabbitMQDriver` for a workload (real systems never busy-spin: their clients block).
struct RabbitMQDriverFactory: DriverFactory {
    var kind: DriverKind { .rabbitmq }

    func withDriver<V: DriverVisitor>(for w: Workload, _ visitor: V) throws -> V.Output {
        try visitor.visit(RabbitMQDriver(subscriptions: w.subscriptionsPerTopic, consumersPerSubscription: w.consumerPerSubscription), spin: false)
    }
}
#endif

import RingLogBench

/// The RabbitMQ driver's entries for `DriverRegistry`: one factory when this build has the
/// RabbitMQ trait (and so its C client library), none otherwise.
public enum RabbitMQDrivers {
    public static var factories: [any DriverFactory] {
        #if RabbitMQ
        [BrokerDriverFactory(.rabbitmq) { w in try RabbitMQDriver(subscriptions: w.subscriptionsPerTopic, consumersPerSubscription: w.consumerPerSubscription) }]
        #else
        []
        #endif
    }
}

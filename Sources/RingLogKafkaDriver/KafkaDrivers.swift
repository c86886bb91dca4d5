import RingLogBench

/// The Kafka driver's entries for `DriverRegistry`: one factory when this build has the
/// Kafka trait (and so its C client library), none otherwise.
public enum KafkaDrivers {
    public static var factories: [any DriverFactory] {
        #if Kafka
        [KafkaDriverFactory()]
        #else
        []
        #endif
    }
}

#if Kafka
/// Builds a `KafkaDriver` for a workload (real systems never busy-spin: their clients block).
struct KafkaDriverFactory: DriverFactory {
    var kind: DriverKind { .kafka }

    func withDriver<V: DriverVisitor>(for w: Workload, _ visitor: V) throws -> V.Output {
        try visitor.visit(KafkaDriver(partitions: w.partitionsPerTopic, subscriptions: w.topics * w.subscriptionsPerTopic, keys: KeyTable(), bootstrapServers: w.ringlog.bootstrapServers, producerOverrides: w.ringlog.kafkaProducerSettings), spin: false)
    }
}
#endif

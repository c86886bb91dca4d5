import RingLogBench

/// The Kafka driver's entries for `DriverRegistry`: one factory when this build has the
/// Kafka trait (and so its C client library), none otherwise.
public enum KafkaDrivers {
    public static var factories: [any DriverFactory] {
        #if Kafka
        [BrokerDriverFactory(.kafka) { w in
            try KafkaDriver(partitions: w.partitionsPerTopic, subscriptions: w.topics * w.subscriptionsPerTopic, keys: KeyTable(),
                            bootstrapServers: w.ringlog.bootstrapServers, producerOverrides: w.ringlog.kafkaProducerSettings)
        }]
        #else
        []
        #endif
    }
}

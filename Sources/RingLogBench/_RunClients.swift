import RingLog
import RingLogQueue
import RingLogPlatform

/// A run's driver clients, made before any thread starts: consumers first (topic, then
/// subscription, then member), then producers.
struct _RunClients<D: BenchmarkDriver> {
    var consumers: [(topic: Int, sub: Int, index: Int, consumer: D.Consumer)] = []
    var producers: [(topic: Int, global: Int, producer: D.Producer)] = []

    init(_ driver: D, _ w: Workload) throws {
        for t in 0..<w.topics {
            for s in 0..<w.subscriptionsPerTopic {
                for c in 0..<w.consumerPerSubscription {
                    consumers.append((t, s, c, try driver.makeConsumer(topic: t, subscription: s, index: c)))
                }
            }
        }
        for t in 0..<w.topics {
            for p in 0..<w.producersPerTopic {
                producers.append((t, t * w.producersPerTopic + p, try driver.makeProducer(topic: t, index: p)))
            }
        }
    }
}

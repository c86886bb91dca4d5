import Benchmark
import RingLog

// The Kafka layer's hot paths: keyed sends across 16 partitions (murmur2 + partition append)
// and a group consumer's poll across 16 partitions. Gated on 0 mallocs like the rest.

let topicPartitions = 16

func topicBenchmarks() {
    Benchmark("ProducerSend_Keyed_16Partitions") { (benchmark: Benchmark, fixture: TopicFixture) in
        benchmark.startMeasurement()
        fixture.send(records: recordsPerIteration)
        benchmark.stopMeasurement()
    } setup: {
        try TopicFixture()
    }

    Benchmark("ConsumerPoll_16Partitions") { (benchmark: Benchmark, fixture: TopicFixture) in
        fixture.send(records: recordsPerIteration) // not measured: fill all 16 partitions
        benchmark.startMeasurement()
        fixture.drain(records: recordsPerIteration)
        benchmark.stopMeasurement()
        fixture.consumer.commitSync()
    } setup: {
        try TopicFixture()
    }
}

/// An event log with one 16-partition topic, a producer, a group consumer and 1,024 keys.
final class TopicFixture: @unchecked Sendable {
    let log = EventLog()
    let topic: Topic
    let producer: Producer
    let consumer: Consumer
    let keys: [[UInt8]]
    let value = [UInt8](repeating: 0x5A, count: valueLength)

    init() throws {
        topic = try log.createTopic("bench", configuration: TopicConfiguration(
            partitions: topicPartitions,
            partition: PartitionConfiguration(capacity: 1 << 21, retention: .overwrite, producerMode: .multi)))
        producer = log.makeProducer()
        consumer = try log.makeConsumer(group: "bench", topics: ["bench"],
                                        configuration: ConsumerConfiguration(autoOffsetReset: .earliest, enableAutoCommit: false, maxPollRecords: 500))
        keys = (0..<1024).map { Array("user-\($0)".utf8) }
        _ = try consumer.poll { _, _ in } // join the group outside the measured region
    }

    func send(records: Int) {
        var i = 0
        while i < records {
            keys[i & 1023].withUnsafeBufferPointer { k in
                value.withUnsafeBufferPointer { v in
                    _ = try! producer.send(topic, key: k.span.bytes, value: v.span.bytes)
                }
            }
            i &+= 1
        }
    }

    func drain(records: Int) {
        var got = 0
        var sum = 0
        while got < records {
            got &+= try! consumer.poll { _, batch in sum &+= batch.byteCount }
        }
        blackHole(sum)
    }
}

import Testing
import RingLog
import RingLogPlatform
import Synchronization

/// A Kafka-style consumer that keeps falling behind overwrite retention: 8 KiB rings, producers
/// that never wait. It may lose records (each reset per `auto.offset.reset` skips some), but
/// every record it is handed is intact, none twice, each key's in order; its position and its
/// commits never move backwards.
@Suite("Consumer under overwrite pressure", .serialized)
struct ConsumerOverwriteStressTests {
    struct Outcome: Sendable {
        var received = 0
        var resets = 0
        var failures: [String] = []
    }

    static func run(reset: OffsetResetPolicy, producerMode: ProducerMode) throws -> Outcome {
        let log = EventLog()
        let producers = producerMode == .single ? 1 : 2
        let keys = ConsumerGroupStressTests.keysPerProducer * producers
        let perProducer = stressCount(400_000)
        let topic = try log.createTopic("events", configuration: TopicConfiguration(
            partitions: 2,
            partition: PartitionConfiguration(capacity: 1 << 13, retention: .overwrite, producerMode: producerMode,
                                              checksums: true, prefault: false)))
        let consumer = try log.makeConsumer(group: "g", topics: ["events"], configuration: ConsumerConfiguration(
            autoOffsetReset: reset, enableAutoCommit: false, maxPollRecords: 64))
        // Join the group and take positions before any record exists (`latest` is offset 0 then),
        // so a consumer thread scheduled late still starts where the stream starts.
        _ = try consumer.poll { _, _ in }
        let done = Atomic<Int>(0)
        let consumerStarted = Atomic<Bool>(false)
        let outcome = Locked(Outcome())
        runOnThreads(producers + 1) { role in
            if role < producers {
                // Start once the consumer runs: a consumer scheduled after the whole stream was
                // sent would only ever see its tail.
                while !consumerStarted.load(ordering: .acquiring) { PlatformThread.yield() }
                // Keyed records: each key's records go to one partition, in sequence.
                ConsumerGroupStressTests.produce(log, topic: topic, producer: role, count: perProducer, pauseEvery: 20_000)
                done.add(1, ordering: .releasing)
                return
            }
            var o = Outcome()
            var nextSequence = [Int](repeating: 0, count: keys)
            var lastOffset = [Int64](repeating: -1, count: topic.partitionCount)
            var lastCommit = [Int64](repeating: 0, count: topic.partitionCount)
            var drainedAfterStop = false
            var polls = 0
            consumerStarted.store(true, ordering: .releasing)
            // Let the producers lap every partition's 8 KiB ring (a few hundred records) before the
            // first poll, so the consumer is reset at least once whatever the speeds (ThreadSanitizer
            // slows both sides); they go on sending after that.
            func lowestHighWatermark() -> Int64 {
                (0..<topic.partitionCount).map { (try? topic.partition($0).highWatermark) ?? 0 }.min() ?? 0
            }
            while lowestHighWatermark() < 600 && done.load(ordering: .acquiring) < producers { PlatformThread.yield() }
            while o.failures.count < 5 {
                let stopped = done.load(ordering: .acquiring) == producers
                // A consumer that keeps pace is never lapped: pause now and then while producers run.
                polls += 1
                if !stopped && polls % 16 == 0 { PlatformThread.sleep(nanoseconds: 500_000) }
                let n: Int
                do {
                    n = try consumer.pollEach { tp, r in
                        let p = tp.partition
                        if r.offset <= lastOffset[p] { o.failures.append("partition \(p): offset \(r.offset) after \(lastOffset[p])") }
                        // Positions start at offset 0 (joined before any record): any gap is a reset.
                        if r.offset > lastOffset[p] + 1 { o.resets += 1 }
                        lastOffset[p] = r.offset
                        r.withUnsafeValueBytes { v in
                            let key = Int(v.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
                            let seq = Int(v.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                            let check = v.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
                            guard v.count == 24, key < keys, r.isChecksumValid,
                                  check == UInt64(seq) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(key) else {
                                o.failures.append("torn record handed out at \(tp) offset \(r.offset)")
                                return
                            }
                            // Lost records are allowed (a reset skips them); a repeat or a step back is not.
                            if seq < nextSequence[key] { o.failures.append("key \(key): sequence \(seq) after \(nextSequence[key] - 1)") }
                            nextSequence[key] = seq + 1
                            o.received += 1
                        }
                    }
                } catch {
                    o.failures.append("poll threw \(error)")
                    break
                }
                consumer.commitSync()
                for p in 0..<topic.partitionCount {
                    let c = consumer.committed(TopicPartition("events", p)) ?? 0
                    if c < lastCommit[p] { o.failures.append("partition \(p): commit moved back from \(lastCommit[p]) to \(c)") }
                    lastCommit[p] = c
                }
                if n == 0 && stopped {
                    if drainedAfterStop { break }
                    drainedAfterStop = true
                }
            }
            outcome.withValue { $0 = o }
        }
        return outcome.withValue { $0 }
    }

    @Test(arguments: [OffsetResetPolicy.earliest, .latest], [ProducerMode.single, .multi])
    func aLappedConsumerResetsAndIsNeverHandedATornRepeatedOrReorderedRecord(reset: OffsetResetPolicy, mode: ProducerMode) throws {
        let o = try Self.run(reset: reset, producerMode: mode)
        #expect(o.failures.isEmpty, "\(o.failures)")
        #expect(o.received > 0)
        #expect(o.resets > 0, "8 KiB rings must lap the consumer")
    }
}

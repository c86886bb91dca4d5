import Testing
import RingLog
import RingLogPlatform
import Synchronization

/// Several producers on their own threads send keyed records to a 6-partition topic while three
/// groups of 2, 3 and 4 consumers (each on its own thread) read it, members leaving and joining
/// mid-stream. Consumers commit after every poll, so every group must receive every record
/// exactly once, and each key's records in the order they were sent.
@Suite("Consumer group stress", .serialized)
struct ConsumerGroupStressTests {
    static let keysPerProducer = 64

    /// A group's view of what it received, merged by its members after each poll.
    final class GroupLedger: @unchecked Sendable {
        struct State {
            var nextSequence: [Int]
            var received = 0
            var duplicatesOrGaps = 0
            var badChecksums = 0
            var joins = 0
            var failures: [String] = []
        }
        let state: LockedValue<State>
        let total: Int
        init(keys: Int, total: Int) {
            state = LockedValue(State(nextSequence: Array(repeating: 0, count: keys)))
            self.total = total
        }
        var done: Bool { state.withLock { $0.received >= total || $0.failures.count > 3 } }
    }

    /// `pauseEvery`: sleep 1 ms after every so many records (0: never), so a consumer that was
    /// reset to the end of the log gets to read before it is lapped again.
    static func produce(_ log: EventLog, topic: Topic, producer p: Int, count: Int, pauseEvery: Int = 0) {
        let producer = log.makeProducer()
        var sequence = [UInt64](repeating: 0, count: keysPerProducer)
        var value = [UInt8](repeating: 0, count: 24)
        for i in 0..<count {
            let k = (i &* 7 &+ p) % keysPerProducer
            let keyID = UInt32(p * keysPerProducer + k)
            value.withUnsafeMutableBytes { raw in
                raw.storeBytes(of: keyID, toByteOffset: 0, as: UInt32.self)
                raw.storeBytes(of: sequence[k], toByteOffset: 8, as: UInt64.self)
                raw.storeBytes(of: sequence[k] &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(keyID), toByteOffset: 16, as: UInt64.self)
            }
            sequence[k] += 1
            if pauseEvery > 0 && i % pauseEvery == pauseEvery - 1 { PlatformThread.sleep(nanoseconds: 1_000_000) }
            var key = keyID
            withUnsafeBytes(of: &key) { k in
                _ = try! producer.send(topic, key: k.bindMemory(to: UInt8.self).span.bytes, value: value.span.bytes)
            }
        }
    }

    /// One consumer thread: joins, polls and commits; unless `stays`, leaves after a random number
    /// of polls and joins again as a new member, until the group has everything.
    static func consume(_ log: EventLog, group: String, ledger: GroupLedger, stays: Bool, seed: Int) {
        var rng = SplitMix(seed: UInt64(seed))
        var staged: [(UInt32, UInt64, Bool)] = []
        staged.reserveCapacity(256)
        let cfg = ConsumerConfiguration(autoOffsetReset: .earliest, enableAutoCommit: false, maxPollRecords: 256)
        while !ledger.done {
            let consumer = try! log.makeConsumer(group: group, topics: ["events"], configuration: cfg)
            ledger.state.withLock { $0.joins += 1 }
            let polls = stays ? Int.max : 10 + Int(rng.next() % 100)
            var n = 0
            while n < polls && !ledger.done {
                n += 1
                staged.removeAll(keepingCapacity: true)
                do {
                    _ = try consumer.poll(timeoutNanoseconds: 1_000_000) { _, batch in
                        batch.forEach { r in
                            r.withUnsafeValueBytes { v in
                                let key = v.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
                                let seq = v.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                                let check = v.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
                                staged.append((key, seq, check == seq &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(key) && r.isChecksumValid))
                            }
                        }
                    }
                } catch {
                    ledger.state.withLock { $0.failures.append("\(group): poll threw \(error)") }
                    break
                }
                if staged.isEmpty { continue }
                ledger.state.withLock { s in
                    for (key, seq, ok) in staged {
                        if !ok { s.badChecksums += 1 }
                        if s.nextSequence[Int(key)] != Int(seq) {
                            s.duplicatesOrGaps += 1
                            if s.failures.count < 3 { s.failures.append("\(group): key \(key) got \(seq), expected \(s.nextSequence[Int(key)])") }
                        }
                        s.nextSequence[Int(key)] = Int(seq) + 1
                        s.received += 1
                    }
                }
                // Commit only after the batch is accounted for: the next owner starts here.
                consumer.commitSync()
            }
            consumer.close()
        }
    }

    @Test("every group gets every keyed record exactly once, in per-key order, through rebalances")
    func groupsGetEverythingOnceThroughRebalances() throws {
        let log = EventLog()
        let producers = 3
        let perProducer = stressCount(200_000)
        let total = producers * perProducer
        let topic = try log.createTopic("events", configuration: TopicConfiguration(
            partitions: 6,
            partition: PartitionConfiguration(capacity: 1 << 20, retention: .block, producerMode: .multi, checksums: true, prefault: false)))
        let groups = [("g2", 2), ("g3", 3), ("g4", 4)]
        let ledgers = groups.map { _ in GroupLedger(keys: producers * Self.keysPerProducer, total: total) }
        var jobs: [@Sendable () -> Void] = []
        for (gi, (name, members)) in groups.enumerated() {
            for m in 0..<members {
                let ledger = ledgers[gi]
                // The first member stays, so a group always has a member and keeps its place.
                jobs.append { Self.consume(log, group: name, ledger: ledger, stays: m == 0, seed: gi * 10 + m) }
            }
        }
        // Consumers join before producers start, so `earliest` and the first commits line up.
        for p in 0..<producers { jobs.append { Self.produce(log, topic: topic, producer: p, count: perProducer) } }
        let all = jobs
        runOnThreads(all.count) { all[$0]() }
        for (gi, (name, members)) in groups.enumerated() {
            let s = ledgers[gi].state.withLock { $0 }
            #expect(s.failures.isEmpty, "\(name): \(s.failures)")
            #expect(s.received == total, "\(name) received \(s.received) of \(total)")
            #expect(s.duplicatesOrGaps == 0 && s.badChecksums == 0)
            #expect(s.nextSequence.reduce(0, +) == total, "every key's sequence complete")
            #expect(s.joins > members, "\(name): members left and joined (\(s.joins) joins)")
        }
    }
}

/// A tiny deterministic generator for test schedules.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import Testing
import Synchronization
import RingLog
import RingLogQueue
import RingLogPlatform
@testable import RingLogBench
@testable import RingLogReport
import RingLogExperiments
import RingLogThroughput

/// A driver that delivers what `Inner` delivers, except that it flips one body byte of every
/// message whose sequence is 5 mod 97 (on a copy; the inner driver's memory is left alone).
/// The header, and with it the check word, stays intact: only the payload check can see it.
final class _DamagingDriver<Inner: BenchmarkDriver>: BenchmarkDriver {
    let inner: Inner
    let damaged = Atomic<Int>(0)

    init(_ inner: Inner) { self.inner = inner }

    var name: String { inner.name }
    var settings: [String: String] { inner.settings }
    func createTopic(index: Int, partitions: Int, numaNode: Int?) throws {
        try inner.createTopic(index: index, partitions: partitions, numaNode: numaNode)
    }
    func makeProducer(topic: Int, index: Int) throws -> Inner.Producer { try inner.makeProducer(topic: topic, index: index) }
    func makeConsumer(topic: Int, subscription: Int, index: Int) throws -> Consumer {
        Consumer(inner: try inner.makeConsumer(topic: topic, subscription: subscription, index: index), owner: self)
    }
    func makeLateConsumer(topic: Int) throws -> Consumer { Consumer(inner: try inner.makeLateConsumer(topic: topic), owner: self) }
    var lateSubscriber: String { inner.lateSubscriber }
    var storageBytes: Int { inner.storageBytes }
    var ordersPerPartition: Bool { inner.ordersPerPartition }
    var lossless: Bool { inner.lossless }
    func shutdown() { inner.shutdown() }

    struct Consumer: DriverConsumer, @unchecked Sendable {
        var inner: Inner.Consumer
        let owner: _DamagingDriver
        var scratch = [UInt8](repeating: 0, count: 4096)

        init(inner: Inner.Consumer, owner: _DamagingDriver) {
            self.inner = inner
            self.owner = owner
        }

        mutating func poll(max: Int, _ body: (Int, UnsafeRawBufferPointer) -> Void) throws -> Int {
            var scratch = self.scratch
            var flipped = 0
            let n = try inner.poll(max: max) { partition, m in
                let sequence = m.count >= MessageHeader.size ? m.loadUnaligned(fromByteOffset: 8, as: UInt64.self) : 0
                guard sequence % 97 == 5, m.count > MessageHeader.size, m.count <= scratch.count else { body(partition, m); return }
                scratch.withUnsafeMutableBytes { copy in
                    copy.copyMemory(from: m)
                    let at = MessageHeader.size + Int(sequence % UInt64(m.count - MessageHeader.size))
                    copy[at] ^= 0x20
                    body(partition, UnsafeRawBufferPointer(rebasing: copy[0..<m.count]))
                }
                flipped += 1
            }
            self.scratch = scratch
            // relaxed: a count read after the run's threads are joined.
            owner.damaged.wrappingAdd(flipped, ordering: .relaxed)
            return n
        }

        mutating func close() { inner.close() }
    }
}

@Suite("Harness: the consumer loop's payload check, end to end")
struct HarnessPayloadCheckTests {
    static func run<D: BenchmarkDriver>(_ driver: _DamagingDriver<D>, checkEvery: Int) throws -> RunResult {
        var options = RunOptions(workload: fanOutWorkload("damaged", subscriptions: 2, rate: 100_000), durationSeconds: 0.4, warmupSeconds: 0.05)
        options.windowSeconds = 0.2
        options.payloadCheckEvery = checkEvery
        return try Runner.run(driver, options, spin: false)
    }

    static func log() -> _DamagingDriver<LogDriver> {
        _DamagingDriver(LogDriver(ringCapacity: 1 << 16, retention: .block, waitStrategy: .spinThenYield(spins: 64),
                                  producersPerTopic: 1, keys: KeyTable()))
    }

    static func queue() -> _DamagingDriver<QueueDriver<SPSCQueue>> {
        _DamagingDriver(QueueDriver<SPSCQueue>(label: "ringlog-queue", slots: 512, maxMessageBytes: 100, subscriptionsPerTopic: 2))
    }

    static func expectEveryDamagedBodyCaught(_ result: RunResult, damaged: Int) {
        #expect(damaged > 10, "too few damaged messages to mean anything: \(damaged)")
        let verified = result.verified
        #expect(!verified)
        #expect(result.verification.reduce(0) { $0 + $1.corrupted } == damaged, "\(result.verification)")
        for v in result.verification { #expect(v.duplicates == 0 && v.received == v.sent) }
    }

    @Test("checking every payload (the default) counts each damaged body once, on the log and on the queue")
    func everyDamagedBodyIsCountedWhenEveryPayloadIsChecked() throws {
        let log = Self.log()
        Self.expectEveryDamagedBodyCaught(try Self.run(log, checkEvery: 1), damaged: log.damaged.load(ordering: .relaxed))
        let queue = Self.queue()
        Self.expectEveryDamagedBodyCaught(try Self.run(queue, checkEvery: 1), damaged: queue.damaged.load(ordering: .relaxed))
    }

    @Test("with payload checks off a damaged body passes (the header is intact); sampled checks catch no more than were damaged")
    func payloadChecksOffOrSampledCountOnlyWhatTheyCheck() throws {
        let off = Self.log()
        let unchecked = try Self.run(off, checkEvery: 0)
        #expect(off.damaged.load(ordering: .relaxed) > 10)
        #expect(unchecked.verified, "\(unchecked.verification)")
        #expect(unchecked.verification.allSatisfy { $0.corrupted == 0 && $0.received == $0.sent })

        let sampled = Self.log()
        let some = try Self.run(sampled, checkEvery: 3)
        let caught = some.verification.reduce(0) { $0 + $1.corrupted }
        #expect(caught <= sampled.damaged.load(ordering: .relaxed))
        #expect(some.verification.allSatisfy { $0.duplicates == 0 && $0.received == $0.sent })
    }
}

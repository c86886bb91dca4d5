import RingLog
import RingLogPlatform

struct _ReplayVisitor: DriverVisitor {
    let records: Int
    let size: Int
    let payloads: PayloadPool
    let joinSeconds: Double
    let idleSeconds: Double

    func visit<D: BenchmarkDriver>(_ driver: D, spin: Bool) throws -> ReplayProbe {
        defer { driver.shutdown() }
        try driver.createTopic(index: 0, partitions: 1, numaNode: nil)
        var first = try driver.makeConsumer(topic: 0, subscription: 0, index: 0)
        var producer = try driver.makeProducer(topic: 0, index: 0)
        var sent = 0, early = 0
        var messages = MessageBatch(payloads: payloads, producer: 0, keyMode: .noKey, keyCount: 1, interval: 0)
        func drainEarly() throws { early += try first.poll(max: 4096) { _, _ in } }
        while sent < records {
            messages.firstSequence = UInt64(sent)
            messages.now = monotonicNanoseconds()
            let n = try producer.send(count: min(100, records - sent), size: size, messages: &messages)
            sent += n
            try drainEarly() // keeps a lossless log or a bounded queue from filling up
        }
        // The first subscriber reads everything before the late one comes.
        var lastProgress = monotonicNanoseconds()
        while early < records && monotonicNanoseconds() - lastProgress < Int64(joinSeconds * 1e9) {
            let before = early
            try drainEarly()
            if early > before { lastProgress = monotonicNanoseconds() } else { PlatformThread.yield() }
        }
        first.close()
        var late = try driver.makeLateConsumer(topic: 0)
        let attached = monotonicNanoseconds()
        var got = 0
        var firstAt: Int64?
        var lastAt = attached
        while got < records {
            let n = try late.poll(max: 4096) { _, _ in }
            let now = monotonicNanoseconds()
            if n > 0 {
                got += n
                if firstAt == nil { firstAt = now }
                lastAt = now
            } else if firstAt == nil ? now - attached > Int64(joinSeconds * 1e9) : now - lastAt > Int64(idleSeconds * 1e9) {
                break
            } else {
                PlatformThread.yield()
            }
        }
        late.close()
        let readSeconds = firstAt.map { Double(lastAt - $0) / 1e9 } ?? 0
        return ReplayProbe(sent: sent, firstSubscriber: early, lateSubscriber: got,
                           secondsToFirstMessage: firstAt.map { Double($0 - attached) / 1e9 },
                           replayRate: got > 1 && readSeconds > 0 ? Double(got) / readSeconds : 0,
                           how: driver.lateSubscriber)
    }
}

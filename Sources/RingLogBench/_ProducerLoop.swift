import RingLog
import RingLogPlatform

/// One producer thread of a run: sends batches until the measured phase ends, open loop when
/// the workload has a rate (each message has an intended send time; latency counts from it,
/// so a stalled producer's backlog shows as delay, not as missing samples), records publish
/// latency and delay per window, and hands its count in.
struct _ProducerLoop<Producer: DriverProducer>: Sendable {
    let producer: _HandOver<Producer>
    /// The producer's number across the run (topic-major).
    let global: Int
    let payloads: PayloadPool
    let keyMode: KeyDistributor
    let keyCount: Int
    let size: Int
    /// Messages per second this producer offers; 0: as fast as it can.
    let rate: Double
    let countsSentLive: Bool
    let context: _RunThreadContext
    let pin: _PinRequest?

    func run() {
        var recorder = context.begin(pin: pin, subscription: nil)
        var producer = self.producer.value
        let batch = context.batch, size = self.size, spin = context.spin, timeline = context.timeline, end = timeline.end
        let shared = context.shared
        var sequence: UInt64 = 0
        var stalls = 0
        var keyCounter = global * 7919
        let interval = rate > 0 ? 1e9 / rate : 0
        var intendedNext = Double(timeline.start)
        var messages = MessageBatch(payloads: payloads, producer: global, keyMode: keyMode, keyCount: keyCount, interval: interval)
        timeline.waitForStart()
        while true {
            let now = monotonicNanoseconds()
            if now >= end || shared.producersStopped { break }
            recorder.roll(now)
            var n = batch
            if interval > 0 {
                let due = (Double(now) - intendedNext) / interval
                if due < 0 {
                    // Not yet time: spin when cores allow and the wait is short, else sleep.
                    if spin && due > -2 { CPU.relax() } else if due > -20 { PlatformThread.yield() } else {
                        PlatformThread.sleep(nanoseconds: Int64(-due * interval * 0.5))
                    }
                    continue
                }
                n = Swift.min(batch, Int(due) + 1)
            }
            messages.firstSequence = sequence
            messages.keyBase = keyCounter
            messages.now = now
            messages.intendedNext = intendedNext
            let sent: Int
            do {
                sent = try producer.send(count: n, size: size, messages: &messages)
            } catch {
                recorder.stats.sendErrors += 1
                if case RingLogError.closed = error { break }
                let g = global
                shared.failures.withLock { $0.append("producer \(g): \(error)") }
                break
            }
            if sent == 0 {
                stalls += 1
                backoff(stalls)
                continue
            }
            let after = monotonicNanoseconds()
            sequence &+= UInt64(sent)
            keyCounter &+= sent
            if countsSentLive { shared.addSent(sent) }
            if recorder.window >= 0 && recorder.window != Int.max {
                recorder.stats.sent += sent
            }
            let acked = producer.takeAckLatencies { ns in _ = recorder.stats.publishLatency.record(ThreadRecorder.clamp(ns)) }
            if !acked { _ = recorder.stats.publishLatency.record(ThreadRecorder.clamp(after - now), count: UInt64(sent)) }
            if interval > 0 {
                for i in 0..<sent {
                    recorder.publishDelay.record(now - Int64(intendedNext + Double(i) * interval))
                }
                intendedNext += Double(sent) * interval
            } else {
                _ = recorder.stats.publishDelay.record(1, count: UInt64(sent))
            }
        }
        recorder.flush()
        let g = global, total = Int(sequence)
        shared.sent.withLock { $0[g] = total }
        shared.counters.withLock { $0.stalls += stalls }
    }
}

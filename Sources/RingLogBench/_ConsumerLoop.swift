import RingLogPlatform

/// One consumer thread of a run: polls its driver consumer until the run stops it, checks
/// every message (header check word, payload CRC32C, producer sequence, per-partition order)
/// through its `Verifier`, records end-to-end latency per window, and hands its tallies in.
struct _ConsumerLoop<Consumer: DriverConsumer>: Sendable {
    let consumer: _HandOver<Consumer>
    let topic: Int
    let subscription: Int
    let index: Int
    /// This consumer's position in the run's consumer list (its `consumerReceived` entry).
    let slot: Int
    let producersPerTopic: Int
    let partitions: Int
    /// ns spent per message (the slow-consumer experiment); 0: none.
    let slowNanoseconds: Int64
    let trackKeys: Bool
    /// Check every `checkEvery`-th payload (1: all; 0: none).
    let checkEvery: Int
    let bodyLength: Int
    let context: _RunThreadContext
    let pin: _PinRequest?

    func run() {
        var recorder = context.begin(pin: pin, subscription: subscription)
        var consumer = self.consumer.value
        // Sized for this topic's producers: per-run state grows linearly in topics.
        let verifier = Verifier(producers: producersPerTopic, partitions: partitions, trackKeys: trackKeys)
        // The topic's producers are numbered from here; its verifier counts from 0.
        let firstProducer = topic * producersPerTopic
        let checkEvery = self.checkEvery, checkAll = checkEvery == 1, bodyLength = self.bodyLength
        let slow = slowNanoseconds, trackKeys = self.trackKeys, shared = context.shared
        let batch = context.batch, spin = context.spin
        let subscription = self.subscription, index = self.index, slot = self.slot
        let plain = !trackKeys && slow == 0
        let crc32c = CRC32C.resolved()
        // (producer << 32 | key, sequence, global processing ticket) per message.
        var events: [(UInt64, UInt64, UInt64)] = []
        var empty = 0, busy = 0, idle = 0, untilCheck = 1
        let counter = shared.receivedCounter(subscription)
        context.timeline.waitForStart()
        while !shared.consumersStopped {
            if shared.consumersPaused { PlatformThread.sleep(nanoseconds: 1_000_000); continue }
            var now: Int64 = 0
            // One message: header, payload check, verifier, latency; `extras` (key-order events,
            // the slow consumer's delay) is a constant in each call site below, so the common
            // poll loop carries no test for them.
            @inline(__always)
            func take(_ partition: Int, _ m: UnsafeRawBufferPointer, extras: Bool) {
                if now == 0 { now = monotonicNanoseconds(); recorder.roll(now) }
                guard let h = MessageHeader.read(m) else {
                    verifier.record(producer: Int.max, sequence: 0, partition: partition, key: 0, intact: false)
                    return
                }
                var intact = h.checkOK && m.count == bodyLength + MessageHeader.size
                // Every payload by default; else every `checkEvery`-th intact one (0: none).
                var check = checkAll
                if !checkAll && checkEvery > 0 && intact {
                    untilCheck &-= 1
                    if untilCheck == 0 { untilCheck = checkEvery; check = true }
                }
                if check && intact {
                    intact = crc32c(UnsafeRawBufferPointer(rebasing: m[MessageHeader.size...])) == h.bodyCRC
                }
                verifier.record(producer: Int(h.producer) &- firstProducer, sequence: h.sequence, partition: partition, key: h.key, intact: intact)
                // A wrapped difference (a corrupt timestamp) clamps like any other.
                recorder.endToEnd.record(now &- h.intended)
                guard extras else { return }
                if trackKeys {
                    events.append((UInt64(h.producer) << 32 | UInt64(h.key), h.sequence, shared.nextTicket()))
                }
                if slow > 0 {
                    let until = monotonicNanoseconds() + slow
                    while monotonicNanoseconds() < until { CPU.relax() }
                }
            }
            let n: Int
            do {
                if plain {
                    n = try consumer.poll(max: batch) { take($0, $1, extras: false) }
                } else {
                    n = try consumer.poll(max: batch) { take($0, $1, extras: true) }
                }
            } catch {
                shared.failures.withLock { $0.append("consumer \(subscription).\(index): \(error)") }
                break
            }
            if n > 0 {
                busy += 1
                idle = 0
                if recorder.window >= 0 && recorder.window != Int.max { recorder.stats.received += n }
                // relaxed: a progress count; the final tally is read after the threads are joined.
                counter.pointee.wrappingAdd(n, ordering: .relaxed)
            } else {
                empty += 1
                idle += 1
                if spin { CPU.relax() } else { backoff(idle) }
            }
        }
        recorder.flush()
        consumer.close()
        shared.verifiers.withLock { $0[subscription, default: []].append(verifier) }
        shared.perConsumer.withLock { $0[slot] = verifier.received }
        if trackKeys { shared.keyEvents.withLock { $0[subscription, default: []].append(contentsOf: events) } }
        shared.counters.withLock { $0.empty += empty; $0.busy += busy }
    }
}

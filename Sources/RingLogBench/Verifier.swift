/// What one consumer saw, checked against what producers stamped into each message: no loss
/// and no duplicate (a bitmap of sequences per producer), per-partition order (each producer's
/// sequences must rise within a partition), intact payloads (check word and CRC32C).
///
/// Messages usually arrive as runs of consecutive sequences per (producer, partition): a run
/// is kept as its bounds and goes into the bitmap word by word when it ends (a message that does
/// not continue its run, or `merge`). The slot of the last message and its run stay at hand, so
/// a message that continues them (the common case) costs a few compares and one store.
///
/// One per consumer thread, merged per subscription at the end. A reference type so that the
/// per-message `record` touches only its own flat buffers (no copy-on-write checks, no nested
/// arrays: this runs for every delivered message and must cost little next to the system
/// under test).
///
/// Thread-safety: not thread-safe; the recording thread owns it until it hands it over.
public final class Verifier: @unchecked Sendable {
    let memory: _VerifierMemory
    let partitions: Int
    let producers: Int
    let trackKeys: Bool
    public var received: Int { memory.tally.pointee.received }
    public var duplicates: Int { memory.tally.pointee.duplicates }
    public var reordered: Int { memory.tally.pointee.reordered }
    public var corrupted: Int { memory.tally.pointee.corrupted }
    /// Messages whose key's order broke within this consumer (for keyed-order experiments).
    public var keyInversions: Int { memory.tally.pointee.keyInversions }

    public init(producers: Int, partitions: Int, trackKeys: Bool = false) {
        self.producers = producers
        self.partitions = partitions
        self.trackKeys = trackKeys
        memory = _VerifierMemory(producers: producers, partitions: partitions, keys: trackKeys ? KeyTable.count : 0)
    }

    deinit { memory.deallocate() }

    /// Records one message. `intact` is false when its check word or CRC failed.
    /// - Complexity: O(1) amortized (a bitmap doubles when a sequence passes its end).
    @inline(__always)
    public func record(producer: Int, sequence: UInt64, partition: Int, key: UInt32, intact: Bool) {
        // Counters live in the verifier's own memory: a class's stored `var` would pay a
        // dynamic exclusivity check per message.
        let tally = memory.tally
        tally.pointee.received &+= 1
        // The common case: the next sequence of the (producer, partition) the last message came
        // from. Never taken while key order is tracked (the hot slot stays unset then).
        if intact && producer == tally.pointee.hotProducer && partition == tally.pointee.hotPartition {
            let run = tally.pointee.hotRun
            if sequence == run[1] { run[1] = sequence &+ 1; return }
        }
        _record(producer: producer, sequence: sequence, partition: partition, key: key, intact: intact)
    }

    /// Every other message: a new (producer, partition), a broken run, a bad payload, or any
    /// message while key order is tracked. Makes the message's slot the hot one.
    @inline(never)
    func _record(producer: Int, sequence: UInt64, partition: Int, key: UInt32, intact: Bool) {
        let tally = memory.tally
        guard intact, UInt(bitPattern: producer) < UInt(bitPattern: producers) else { tally.pointee.corrupted &+= 1; return }
        let known = UInt(bitPattern: partition) < UInt(bitPattern: partitions)
        let slot = producer &* partitions &+ (known ? partition : (partition < 0 ? 0 : partitions &- 1))
        let run = memory.runs + 2 &* slot // [0] first sequence of the open run, [1] one past its last
        if !trackKeys && known {
            tally.pointee.hotProducer = producer
            tally.pointee.hotPartition = partition
            tally.pointee.hotRun = run
        }
        if sequence == run[1] {
            run[1] = sequence &+ 1
        } else if !_outOfRun(producer: producer, sequence: sequence, run: run) {
            return
        }
        if trackKeys && key != MessageHeader.noKey && Int(key) < KeyTable.count {
            if Int64(sequence) < memory.exchangeKeyLast(producer &* KeyTable.count &+ Int(key), Int64(sequence)) {
                tally.pointee.keyInversions &+= 1
            }
        }
    }

    /// A message that does not continue its slot's run: the run goes into the bitmap, then the
    /// message (duplicate? out of order?), and a new run starts after it.
    /// Returns false for a sequence no producer could have sent (counted as corrupted).
    @inline(never)
    func _outOfRun(producer: Int, sequence: UInt64, run: UnsafeMutablePointer<UInt64>) -> Bool {
        let tally = memory.tally
        // A sequence beyond 2^40 cannot be real (it would take days at 10 M msg/s): a torn read.
        guard sequence < 1 << 40 else { tally.pointee.corrupted &+= 1; return false }
        tally.pointee.duplicates &+= memory.flushRun(run, producer: producer)
        if !memory.testAndSet(producer, sequence: sequence) { tally.pointee.duplicates &+= 1 }
        // The run's end is one past the last sequence of this slot (0: none yet).
        if sequence < run[1] { tally.pointee.reordered &+= 1 }
        run[0] = sequence &+ 1
        run[1] = sequence &+ 1
        return true
    }

    /// Puts every open run into the bitmaps (before merging; recording may go on after).
    func flushRuns() {
        for slot in 0..<(producers * partitions) {
            memory.tally.pointee.duplicates &+= memory.flushRun(memory.runs + 2 * slot, producer: slot / partitions)
        }
    }

    /// The subscription-wide result of its consumers' verifiers, given how many messages each
    /// producer sent (`sent`, indexed by global producer) and the topic's producers
    /// (`producers`, whose first one each verifier counts as its producer 0).
    public static func merge(_ parts: [Verifier], sent: [Int], producers: Range<Int>) -> VerificationCounts {
        var c = VerificationCounts()
        c.sent = producers.reduce(0) { $0 + sent[$1] }
        for p in parts { p.flushRuns() }
        for p in parts {
            c.received += p.received
            c.duplicates += p.duplicates
            c.reordered += p.reordered
            c.corrupted += p.corrupted
            c.keyInversions += p.keyInversions
        }
        for producer in producers {
            // Each verifier numbers the subscription's producers from 0.
            let local = producer - producers.lowerBound
            var merged: [UInt64] = []
            for p in parts where local < p.producers {
                let b = p.memory.words(local)
                if merged.count < b.count { merged.append(contentsOf: repeatElement(0, count: b.count - merged.count)) }
                for (i, w) in b.enumerated() {
                    c.duplicates += (merged[i] & w).nonzeroBitCount
                    merged[i] |= w
                }
            }
            var have = 0
            var beyond = 0
            for (i, w) in merged.enumerated() {
                let base = i * 64
                if base + 64 <= sent[producer] { have += w.nonzeroBitCount; continue }
                for b in 0..<64 where w & (UInt64(1) << UInt64(b)) != 0 {
                    if base + b < sent[producer] { have += 1 } else { beyond += 1 }
                }
            }
            c.lost += sent[producer] - have
            c.corrupted += beyond // sequences never sent
        }
        return c
    }
}

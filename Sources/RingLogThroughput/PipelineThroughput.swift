import RingLog
import RingLogPlatform

/// One producer thread → one consumer thread through a partition log, the workload of the
/// hand-written C SPSC ring in `scripts/c-ring/spsc_ring.c`: 64-byte values, each side batching
/// `batch` records per append / per poll, the consumer folding all 8 words of every value into a
/// checksum. The records carry full framing (offset, timestamp, lengths, attributes).
public struct PipelineThroughput: Sendable {
    public var batch: Int
    public var messages: Int
    public var capacity: Int
    public var pin: Bool
    public var retention: RetentionPolicy
    public var waitStrategy: WaitStrategy
    /// One thread alternates: append a batch, poll it. No cross-core traffic: measures the
    /// per-record cost of both paths, and is deterministic under callgrind.
    public var interleaved: Bool
    /// How the consumer reads: `pollEach` (one pass over the frames) or `poll` and a `for`
    /// loop over the batch (two passes: the poll sizes the batch, the loop reads it).
    public var reader: ReaderAPI
    /// Count per-thread performance counters (`ThreadCounters`) from the start gate to each
    /// thread's last record, reported per message in `Result.counters`; off: none is opened.
    public var counters = false

    /// The consumer API a run measures.
    public enum ReaderAPI: String, Sendable, Codable, CaseIterable {
        case each, batch
    }

    public init(batch: Int, messages: Int, capacity: Int = 1 << 20, pin: Bool = false,
                retention: RetentionPolicy = .block, waitStrategy: WaitStrategy = .busySpin,
                interleaved: Bool = false, reader: ReaderAPI = .each) {
        self.interleaved = interleaved
        self.reader = reader
        self.batch = batch
        self.messages = messages
        self.capacity = capacity
        self.pin = pin
        self.retention = retention
        self.waitStrategy = waitStrategy
    }

    public struct Result: Sendable, Codable {
        public var impl: String
        public var reader: ReaderAPI
        public var batch: Int
        public var messages: Int
        public var seconds: Double
        public var msgsPerSecond: Double
        public var verified: Bool
        public var producerWaits: Int
        /// Polls that found no new record (the consumer waited for the producer).
        public var emptyPolls: Int
        /// Polls that returned records; messages / busyPolls is the achieved batch size.
        public var busyPolls: Int
        /// With `counters`: per thread (`producer`, `consumer`, or `thread` when interleaved),
        /// each counter per message (perf's names; task-clock in ns).
        public var counters: [String: [String: Double]]? = nil
        /// With `counters`: the counters that could not be opened, and why.
        public var countersUnavailable: [String]? = nil
    }

    /// Bytes per value (computed, so hot loops fold it to an immediate).
    @inlinable public static var valueLength: Int { 64 }

    /// Appends `count` records with sequence numbers `first...` as one batch (one
    /// `BatchAppender.append(count:valueCapacity:timestamp:writeValue:)` call): each 64-byte
    /// value is the 8 words `s, s+1, ..., s+7`, written in place, with timestamp `s`.
    /// `frame` is `log.frameSize(keyLength: nil, valueLength: valueLength)`.
    @inlinable @inline(__always)
    public static func appendBatch(_ log: PartitionLog, first: UInt64, count: Int, frame: Int) throws(RingLogError) {
        try log.appendBatch(maxBytes: count &* frame) { appender throws(RingLogError) in
            try appender.append(count: count, valueCapacity: valueLength, timestamp: { Int64(truncatingIfNeeded: first &+ UInt64($0)) }) { i, out in
                writeValue(sequence: first &+ UInt64(i), into: &out)
            }
        }
    }

    /// Appends record `s` alone (`PartitionLog.append(valueCapacity:)`): batch 1.
    @inlinable @inline(__always)
    public static func appendOne(_ log: PartitionLog, sequence s: UInt64) throws(RingLogError) {
        try log.append(valueCapacity: valueLength, timestamp: Int64(truncatingIfNeeded: s)) { out in
            writeValue(sequence: s, into: &out)
        }
    }

    /// Writes record `s`'s 64-byte value, the 8 words `s, s+1, ..., s+7`, as four 16-byte
    /// stores (nothing when `out` has less than 64 bytes of room). (Eight `out.append(_:as: UInt64.self)` calls write the same bytes, but LLVM
    /// vectorizes them into three 8-byte stores, two 16-byte ones and another 8-byte one, out of
    /// address order; that measured slower: results/value-stores-vm-2026-12-02-intel/.
    /// `out.append(_:as: SIMD2<UInt64>.self)` cannot be used: with Swift 6.3 it compiled to an
    /// aligned 16-byte store (`movdqa`), which crashed on a value starting 8 bytes into its frame.)
    @inlinable @inline(__always)
    public static func writeValue(sequence s: UInt64, into out: inout OutputRawSpan) {
        let pair = SIMD2<UInt64>(repeating: s) &+ SIMD2(0, 1)
        out.withUnsafeMutableBytes { bytes, count in
            guard bytes.count >= valueLength else { return } // a smaller span is left alone
            for k in 0..<4 {
                bytes.storeBytes(of: pair &+ SIMD2(repeating: UInt64(2 &* k)), toByteOffset: 16 &* k, as: SIMD2<UInt64>.self)
            }
            count = valueLength
        }
    }

    /// The sum of every 8-byte word of every value in `batch` (the consumer's checksum).
    @inlinable @inline(__always)
    public static func sumValues(_ batch: RecordBatch) -> UInt64 {
        var s: UInt64 = 0
        batch.forEach { record in s &+= sumValue(record) }
        return s
    }

    /// The sum of the 8 words of `record`'s value.
    @inlinable @inline(__always)
    public static func sumValue(_ record: Record) -> UInt64 {
        record.withUnsafeValueBytes { value in
            var s: UInt64 = 0
            for k in 0..<8 { s &+= value.load(fromByteOffset: k &* 8, as: UInt64.self) }
            return s
        }
    }

    /// Runs once. Throws on bad settings (batch too large for the ring, bad capacity).
    public func run() throws(RingLogError) -> Result {
        guard batch > 0, messages > 0 else { throw .invalidConfiguration("batch and messages must be positive") }
        let log = try PartitionLog(.init(capacity: capacity, retention: retention, producerMode: .single,
                                         waitStrategy: waitStrategy, checksums: false))
        let frame = try log.frameSize(keyLength: nil, valueLength: Self.valueLength)
        guard batch * frame <= log.configuration.maximumBatchBytes else {
            throw .batchTooLarge(size: batch * frame, limit: log.configuration.maximumBatchBytes)
        }
        // A lapped consumer loses records, and the sum check needs every one: overwrite only
        // where the consumer cannot be lapped (one thread, polling each batch it appended).
        guard retention == .block || interleaved else {
            throw .invalidConfiguration("overwrite retention needs the interleaved pipeline (a two-thread pipeline would lose records)")
        }
        let reader = try log.makeReader(startingAt: .earliest)
        let total = messages
        let batch = self.batch
        var start = monotonicNanoseconds()
        var sum: UInt64 = 0
        var polls = (empty: 0, busy: 0)
        let counted = counters
        let measured = LockedValue([(role: String, counters: ThreadCounters)]())
        // Opens this thread's counters, enabled from now on (cold: before the timed loop).
        @Sendable func count(_ role: String) -> ThreadCounters? {
            guard counted else { return nil }
            let c = ThreadCounters()
            c.enable()
            measured.withLock { $0.append((role, c)) }
            return c
        }
        if interleaved {
            let thread = count("thread")
            defer { thread?.disable() }
            var done = 0
            while done < total {
                let n = min(batch, total - done)
                Self.produce(log, first: UInt64(done), total: done + n, batch: batch, frame: frame)
                let r = Self.consume(reader, total: n, batch: batch, api: self.reader)
                sum &+= r.sum
                polls.empty += r.empty
                polls.busy += r.busy
                done += n
            }
        } else {
            // Timed from the gate both threads reach once started and pinned.
            let gate = _StartGate()
            let producer = PlatformThread(pinnedTo: pin ? Self.pinnedCPUs.producer : nil) {
                let c = count("producer")
                gate.arriveAndWait()
                Self.produce(log, first: 0, total: total, batch: batch, frame: frame)
                c?.disable()
            }
            if pin { try? ThreadAffinity.pinCurrentThread(to: Self.pinnedCPUs.consumer) }
            let c = count("consumer")
            gate.arriveAndWait()
            start = monotonicNanoseconds()
            let r = Self.consume(reader, total: total, batch: batch, api: self.reader)
            c?.disable()
            sum = r.sum
            polls = (r.empty, r.busy)
            producer.join()
        }
        let elapsed = monotonicNanoseconds() - start
        let n = UInt64(total)
        let expected = 8 &* (n &* (n &- 1) / 2) &+ 28 &* n
        let seconds = Double(elapsed) / 1e9
        var result = Result(impl: interleaved ? "ringlog-interleaved" : "ringlog", reader: self.reader, batch: batch, messages: total, seconds: seconds, msgsPerSecond: Double(total) / seconds,
                            verified: sum == expected, producerWaits: log.producerWaits.episodes,
                            emptyPolls: polls.empty, busyPolls: polls.busy)
        if counted {
            let threads = measured.withLock { $0 }
            result.counters = Dictionary(uniqueKeysWithValues: threads.map { t in
                (t.role, Dictionary(uniqueKeysWithValues: t.counters.read().perOperation(total).map { ($0.key.rawValue, $0.value) }))
            })
            result.countersUnavailable = PerfCounterFailure.grouped(threads.flatMap { $0.counters.failures })
            for t in threads { t.counters.close() }
        }
        return result
    }

    /// With `pin`: the first two CPUs this process may run on (one when it has only one).
    static var pinnedCPUs: (producer: Int, consumer: Int) {
        let cpus = Topology.availableCPUs
        return (cpus[0], cpus.count > 1 ? cpus[1] : cpus[0])
    }

    @inline(never)
    static func produce(_ log: PartitionLog, first: UInt64, total: Int, batch: Int, frame: Int) {
        var sequence = first
        let end = UInt64(total)
        while sequence < end {
            let n = Int(min(UInt64(batch), end &- sequence))
            do {
                if batch == 1 {
                    try appendOne(log, sequence: sequence)
                } else {
                    try appendBatch(log, first: sequence, count: n, frame: frame)
                }
            } catch {
                fatalError("append failed: \(error)") // settings were validated before the run
            }
            sequence &+= UInt64(n)
        }
    }

    @inline(never)
    static func consume(_ reader: PartitionReader, total: Int, batch: Int, api: ReaderAPI) -> (sum: UInt64, empty: Int, busy: Int) {
        var received = 0
        var sum: UInt64 = 0
        var empty = 0
        var busy = 0
        while received < total {
            let n: Int
            do {
                switch api {
                case .each:
                    n = try reader.pollEach(maxRecords: batch) { record in sum &+= sumValue(record) }
                case .batch:
                    n = try reader.poll(maxRecords: batch) { records in
                        sum &+= sumValues(records)
                        return records.count
                    }
                }
            } catch {
                fatalError("poll failed: \(error)") // block retention: a registered reader is never lapped
            }
            received &+= n
            if n == 0 {
                empty &+= 1
                CPU.relax()
            } else {
                busy &+= 1
            }
        }
        return (sum, empty, busy)
    }
}

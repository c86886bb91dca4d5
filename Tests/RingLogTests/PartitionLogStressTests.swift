import Testing
import RingLog
import RingLogPlatform

/// Every record carries (producer id, sequence, a check word) and a CRC32C; readers check no
/// loss (block retention), no duplicate, per-producer order, dense offsets, intact bytes, and
/// that in overwrite retention every lapped read is reported as offsetOutOfRange.
@Suite("Concurrency stress", .serialized)
struct PartitionLogStressTests {
    static let valueLength = 32

    /// What a reader saw: per-producer next sequence, counts, lapped events.
    struct ReaderReport: Sendable {
        var received = 0
        var lapped = 0
        var failures: [String] = []
    }

    /// Writes the value of (producer, sequence): the ids and two check words.
    static func fill(_ raw: UnsafeMutableRawBufferPointer, producer: Int, sequence: Int) {
        raw.storeBytes(of: UInt64(producer), toByteOffset: 0, as: UInt64.self)
        raw.storeBytes(of: UInt64(sequence), toByteOffset: 8, as: UInt64.self)
        raw.storeBytes(of: UInt64(sequence) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(producer), toByteOffset: 16, as: UInt64.self)
        raw.storeBytes(of: ~UInt64(sequence), toByteOffset: 24, as: UInt64.self)
    }

    /// Plain records (no key, no checksum: the 16-byte header only), appended one at a time
    /// with the zero-copy single-record path or in batches of 2-64; the check words in the
    /// value are what catches a torn read.
    static func producePlain(_ log: PartitionLog, producer: Int, count: Int) {
        var sequence = 0
        var rng = SystemRandomNumberGenerator()
        let frame = try! log.frameSize(keyLength: nil, valueLength: valueLength)
        while sequence < count {
            if Bool.random(using: &rng) {
                let s = sequence
                try! log.append(valueCapacity: valueLength) { out in
                    for word in [UInt64(producer), UInt64(s), UInt64(s) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(producer), ~UInt64(s)] {
                        out.append(word, as: UInt64.self)
                    }
                }
                sequence += 1
                continue
            }
            let batch = min(Int.random(in: 2...64, using: &rng), count - sequence)
            try! log.appendBatch(maxBytes: batch * frame) { appender throws(RingLogError) in
                for _ in 0..<batch {
                    let s = sequence
                    try appender.append(valueCapacity: valueLength) { out in
                        out.withUnsafeMutableBytes { raw, initialized in
                            fill(raw, producer: producer, sequence: s)
                            initialized = valueLength
                        }
                    }
                    sequence += 1
                }
            }
        }
    }

    static func produce(_ log: PartitionLog, producer: Int, count: Int) {
        var value = [UInt8](repeating: 0, count: valueLength)
        var sequence = 0
        var rng = SystemRandomNumberGenerator()
        let frame = try! BatchAppender.frameSize(keyLength: 8, valueLength: valueLength)
        let maxBatch = min(64, log.configuration.maximumBatchBytes / frame)
        while sequence < count {
            let batch = min(Int.random(in: 1...maxBatch, using: &rng), count - sequence)
            try! log.appendBatch(maxBytes: batch * frame) { appender throws(RingLogError) in
                for _ in 0..<batch {
                    value.withUnsafeMutableBytes { fill($0, producer: producer, sequence: sequence) }
                    var key = UInt64(producer).littleEndian
                    try withUnsafeBytes(of: &key) { k throws(RingLogError) in
                        try appender.append(value: value.span.bytes, key: k.bindMemory(to: UInt8.self).span.bytes)
                    }
                    sequence += 1
                }
            }
        }
    }

    /// Reads until `total` records were seen (block) or the log is closed and drained, with
    /// `poll` and a loop over each batch, or with `pollEach` when `each`.
    static func consume(_ reader: PartitionReader, producers: Int, total: Int, lossless: Bool, stopAfter: Int = .max,
                        each: Bool = false) -> ReaderReport {
        var report = ReaderReport()
        defer { reader.close() } // a reader that stops must not hold back producers
        var nextSequence = [Int](repeating: 0, count: producers)
        // The read contract: each record is checked inside the poll, as the caller sees it. No
        // staging, no ThreadSanitizer bracket: a validating read must hand out intact copies.
        var expectedOffset = reader.nextOffset
        while report.failures.count < 5 {
            if lossless && report.received >= total { break }
            if report.received >= stopAfter { break }
            let check = { (record: Record) in
                let (p, s, ok) = record.withUnsafeValueBytes { raw -> (Int, Int, Bool) in
                    guard raw.count == valueLength else { return (-1, -1, false) }
                    let p = raw.load(fromByteOffset: 0, as: UInt64.self)
                    let s = raw.load(fromByteOffset: 8, as: UInt64.self)
                    let ok = raw.load(fromByteOffset: 16, as: UInt64.self) == s &* 0x9E37_79B9_7F4A_7C15 ^ p
                        && raw.load(fromByteOffset: 24, as: UInt64.self) == ~s
                    return (Int(truncatingIfNeeded: p), Int(truncatingIfNeeded: s), ok)
                }
                if record.offset != expectedOffset { report.failures.append("offset \(record.offset), expected \(expectedOffset)") }
                expectedOffset = record.offset + 1
                guard ok, record.isChecksumValid, (0..<producers).contains(p) else {
                    report.failures.append("torn record handed out at \(record.offset) ok=\(ok) p=\(p) s=\(s) each=\(each)")
                    return
                }
                if lossless ? s != nextSequence[p] : s < nextSequence[p] {
                    report.failures.append("producer \(p): sequence \(s), expected \(lossless ? "" : ">= ")\(nextSequence[p])")
                }
                nextSequence[p] = s + 1
                report.received += 1
            }
            let limit = Int.random(in: 1...300)
            let outcome: Result<Int, RingLogError>
            do throws(RingLogError) {
                if each {
                    outcome = .success(try reader.pollEach(maxRecords: limit, check))
                } else {
                    outcome = .success(try reader.poll(maxRecords: limit) { batch in
                        batch.forEach { record in check(record) }
                        return batch.count
                    })
                }
            } catch { outcome = .failure(error) }
            switch outcome {
            case .failure(.offsetOutOfRange(let requested, let logStart, _)):
                if lossless { report.failures.append("lossless reader lapped at \(requested)"); return report }
                report.lapped += 1
                if requested >= logStart && requested != reader.nextOffset { report.failures.append("bad lap report") }
                if expectedOffset != reader.nextOffset { report.failures.append("a failed read handed out records") }
                try? reader.seekToBeginning()
                expectedOffset = reader.nextOffset
            case .failure(let error):
                report.failures.append("poll failed: \(error)")
                return report
            case .success(let n):
                if n == 0 {
                    if reader.log.isClosed && reader.lag == 0 { return report }
                    _ = reader.awaitRecords(timeoutNanoseconds: 5_000_000)
                }
            }
        }
        return report
    }

    /// Runs `producers` × `readers` threads on one partition. `plain`: records without key or
    /// checksum (`producePlain`), else keyed records with a CRC32C. Odd-numbered readers use
    /// `pollEach`, even-numbered ones `poll`.
    static func run(mode: ProducerMode, retention: RetentionPolicy, producers: Int, readers: Int,
                    perProducer: Int, capacity: Int, plain: Bool = false) throws -> [ReaderReport] {
        let log = try PartitionLog(.init(
            capacity: capacity, retention: retention, producerMode: mode,
            waitStrategy: .spinThenPark(spins: 64, yields: 4, parkMicroseconds: 200), checksums: !plain))
        let cursors = try (0..<readers).map { _ in try log.makeReader(startingAt: .earliest) }
        let reports = Locked<[ReaderReport]>([])
        let total = producers * perProducer
        let finished = Locked(0)
        runOnThreads(producers + readers) { i in
            if i < producers {
                if plain { producePlain(log, producer: i, count: perProducer) } else { produce(log, producer: i, count: perProducer) }
                if finished.withValue({ $0 += 1; return $0 }) == producers { log.close() }
            } else {
                let r = consume(cursors[i - producers], producers: producers, total: total, lossless: retention == .block,
                                each: (i - producers) % 2 == 1)
                reports.withValue { $0.append(r) }
            }
        }
        #expect(log.highWatermark == Int64(total), "dense offsets: one per record")
        return reports.withValue { $0 }
    }

    // Each runs twice: keyed records with a CRC32C, and plain records (no key or checksum,
    // single-record appends and batches; the value's check words catch a torn read).

    @Test(arguments: [false, true])
    func oneProducerManyReadersLosslessInBlockMode(plain: Bool) throws {
        let n = stressCount(500_000)
        let reports = try Self.run(mode: .single, retention: .block, producers: 1, readers: 2, perProducer: n,
                                   capacity: 1 << 16, plain: plain)
        for r in reports {
            #expect(r.failures.isEmpty, "\(r.failures)")
            #expect(r.received == n)
        }
    }

    @Test(arguments: [false, true])
    func manyProducersManyReadersLosslessInBlockMode(plain: Bool) throws {
        let n = stressCount(200_000)
        let reports = try Self.run(mode: .multi, retention: .block, producers: 3, readers: 2, perProducer: n,
                                   capacity: 1 << 16, plain: plain)
        for r in reports {
            #expect(r.failures.isEmpty, "\(r.failures)")
            #expect(r.received == 3 * n)
        }
    }

    @Test(arguments: [false, true])
    func oneProducerOverwriteReportsEveryLapAndNeverATornRecord(plain: Bool) throws {
        let n = stressCount(1_000_000)
        // A small ring so readers get lapped often.
        let reports = try Self.run(mode: .single, retention: .overwrite, producers: 1, readers: 2, perProducer: n,
                                   capacity: 1 << 13, plain: plain)
        for r in reports {
            #expect(r.failures.isEmpty, "\(r.failures)")
            #expect(r.received <= n)
        }
        #expect(reports.map(\.lapped).reduce(0, +) > 0, "an 8 KiB ring must lap its readers")
    }

    @Test(arguments: [false, true])
    func manyProducersOverwriteReportsEveryLapAndNeverATornRecord(plain: Bool) throws {
        let n = stressCount(400_000)
        let reports = try Self.run(mode: .multi, retention: .overwrite, producers: 2, readers: 2, perProducer: n,
                                   capacity: 1 << 13, plain: plain)
        for r in reports {
            #expect(r.failures.isEmpty, "\(r.failures)")
        }
        #expect(reports.map(\.lapped).reduce(0, +) > 0, "an 8 KiB ring must lap its readers")
    }

    @Test func readersJoiningABlockModeStreamMidwayNeverSeeTornRecords() throws {
        // A reader that registers while the producer runs may be lapped until the producer has
        // acknowledged it (epoch handshake); after that it gates the producer. Either way it
        // must only ever see intact records or offsetOutOfRange.
        let log = try PartitionLog(.init(capacity: 1 << 13, retention: .block,
                                         waitStrategy: .spinThenYield(spins: 64), checksums: true))
        let n = stressCount(300_000)
        let reports = Locked<[ReaderReport]>([])
        runOnThreads(3) { role in
            if role == 0 {
                Self.produce(log, producer: 0, count: n)
                log.close()
            } else {
                var joined = 0
                while !log.isClosed {
                    guard let reader = try? log.makeReader(startingAt: .earliest) else { continue }
                    joined += 1
                    // read a while (consume closes the reader), then join again
                    let r = Self.consume(reader, producers: 1, total: n, lossless: false, stopAfter: 5_000)
                    reports.withValue { $0.append(r) }
                }
                #expect(joined > 0)
            }
        }
        for r in reports.withValue({ $0 }) { #expect(r.failures.isEmpty, "\(r.failures)") }
        #expect(reports.withValue { $0.map(\.received).reduce(0, +) } > 0)
    }

    @Test func concurrentChunkedFetchesHandOutOnlyIntactRecordsAcrossChunks() throws {
        // 256 KiB: about 4,000 records of 64 bytes, so a read from up to 3,000 below the high
        // watermark spans up to three 64 KiB chunks while the producer overwrites behind it.
        let log = try PartitionLog(.init(capacity: 1 << 18, retention: .overwrite, checksums: true))
        let n = stressCount(500_000)
        let bad = Locked<[String]>([])
        let chunked = Locked(0)
        Self.readWhileProducing(log, count: n) {
            var rng = SystemRandomNumberGenerator()
            var multiChunk = 0
            while !log.isClosed {
                let hw = log.highWatermark
                let from = max(0, hw - Int64.random(in: 0...3_000, using: &rng))
                var expected = from
                var chunks = 0
                // Checked inside each chunk: every record handed out is intact and the next.
                _ = try? log.fetchChunks(from: from) { batch in
                    chunks += 1
                    batch.forEach { r in
                        let s = Self.sequence(r)
                        if r.offset != expected || s != r.offset || !r.isChecksumValid {
                            bad.withValue { if $0.count < 10 { $0.append("offset \(r.offset), expected \(expected), value says \(s)") } }
                        }
                        expected = r.offset + 1
                    }
                    return batch.count
                }
                if chunks > 1 { multiChunk += 1 }
            }
            chunked.withValue { $0 += multiChunk }
        }
        #expect(bad.withValue { $0 }.isEmpty, "\(bad.withValue { $0 })")
        #expect(chunked.withValue { $0 } > 0, "some reads spanned several chunks")
    }

    @Test func concurrentFetchesFromArbitraryOffsetsNeverReturnTornRecords() throws {
        let log = try PartitionLog(.init(capacity: 1 << 13, retention: .overwrite, checksums: true))
        let n = stressCount(500_000)
        let bad = Locked(0)
        Self.readWhileProducing(log, count: n) {
            var rng = SystemRandomNumberGenerator()
            while !log.isClosed {
                let hw = log.highWatermark
                let from = max(0, hw - Int64.random(in: 0...200, using: &rng))
                // Checked inside the fetch: every record it hands out must be intact.
                _ = try? log.fetch(from: from, maxRecords: 50) { batch in
                    var i = 0
                    batch.forEach { r in
                        defer { i += 1 }
                        if r.offset != from + Int64(i) || Self.sequence(r) != r.offset || !r.isChecksumValid { bad.withValue { $0 += 1 } }
                    }
                }
            }
        }
        #expect(bad.withValue { $0 } == 0)
    }

    /// Runs `produce` (`count` records, then the log closed) on one thread while `read` runs on
    /// another; `read` should loop until the log is closed.
    static func readWhileProducing(_ log: PartitionLog, count: Int, _ read: @escaping @Sendable () -> Void) {
        runOnThreads(2) { role in
            if role == 0 {
                produce(log, producer: 0, count: count)
                log.close()
            } else {
                read()
            }
        }
    }

    /// The sequence number a value written by `produce` carries (-1 for any other value).
    static func sequence(_ r: Record) -> Int64 {
        r.withUnsafeValueBytes { $0.count == valueLength ? Int64(truncatingIfNeeded: $0.load(fromByteOffset: 8, as: UInt64.self)) : -1 }
    }
}

import Testing
import RingLog
import RingLogPlatform

/// The log start of an overwrite ring, found from the last one found (a hint in the control
/// block), against an oracle that knows nothing of it: the lowest offset a fetch still serves.
@Suite("Log start: found from the last one, the same as a fetch's")
struct PartitionLogLogStartTests {
    /// The lowest offset `fetch` serves (the high watermark when it serves none), searched over
    /// the offsets the ring could hold: `fetch` finds records through the index and the frontier
    /// check alone, not through the log start (what it serves is a suffix of the log).
    static func lowestFetchable(_ log: PartitionLog, recordsInRing: Int64) -> Int64 {
        let hw = log.highWatermark
        var lo = max(0, hw - recordsInRing)
        var hi = hw
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if (try? log.fetch(from: mid, maxRecords: 1) { $0.count }) != nil { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Appends `batches` batches of 1...`maxBatch` records of 0...200-byte values to an overwrite
    /// ring of `capacity` bytes and, every `askEvery` batches, checks the log start against the oracle.
    func check(askEvery: Int, maxBatch: Int, batches: Int, seed: UInt64, capacity: Int = 1 << 16) throws {
        let log = try PartitionLog(.init(capacity: capacity, retention: .overwrite))
        var rng = SplitMix(seed: seed)
        let values = (0...200).map { [UInt8](repeating: UInt8(truncatingIfNeeded: $0), count: $0) }
        var previous: Int64 = 0
        for b in 1...batches {
            let count = Int(rng.next() % UInt64(maxBatch)) + 1
            let sizes = (0..<count).map { _ in Int(rng.next() % 201) }
            try log.appendBatch(maxBytes: count * 216 + 64) { appender throws(RingLogError) in
                for size in sizes { try appender.append(value: values[size]) }
            }
            guard b % askEvery == 0 else { continue }
            let start = log.logStartOffset
            let expected = Self.lowestFetchable(log, recordsInRing: Int64(capacity / 32))
            #expect(start == expected, "after batch \(b): log start \(start), lowest fetchable \(expected)")
            #expect(start >= previous, "the log start went back from \(previous) to \(start)")
            previous = start
            if start != expected { return }
        }
        #expect(log.bytesWritten > 8 * UInt64(capacity), "the ring wrapped many times")
    }

    @Test(arguments: [1, 3, 40, 2_000])
    func theLogStartIsTheLowestFetchableOffsetHowEverOftenItIsAskedFor(askEvery: Int) throws {
        // A 64 KiB ring: asked after every batch the hint is one batch behind, after 40 up to
        // about 2,600 records (the scan finds the start); after 2,000 batches the hint is more
        // offsets behind than the ring has index slots, so it is not used (a search over the ring).
        // 2,000 batches write about 7 MB, the ring over a hundred times; asking every 2,000 takes 6,000
        // to ask three times.
        try check(askEvery: askEvery, maxBatch: 64, batches: askEvery == 2_000 ? 6_000 : 2_000, seed: UInt64(askEvery))
    }

    @Test func aLogStartThatMovedPastTheScanLimitIsSearchedForFromWhereTheScanStopped() throws {
        // A 1 MiB ring (32,768 index slots) holds about 8,000 of these records; between asks the
        // log start moves about 9,750 records: past the 4,096 slots scanned, within the slots.
        try check(askEvery: 300, maxBatch: 64, batches: 3_000, seed: 9, capacity: 1 << 20)
    }

    @Test func largeBatchesAndSingleRecordsMoveTheLogStartAlike() throws {
        try check(askEvery: 1, maxBatch: 1, batches: 6_000, seed: 7)
        try check(askEvery: 2, maxBatch: 140, batches: 1_000, seed: 8)
    }

    @Test func anUnwrappedRingStartsAtZeroAndTheHintDoesNotOutliveAWrap() throws {
        let log = try PartitionLog(.init(capacity: 4096, retention: .overwrite))
        let value = [UInt8](repeating: 1, count: 104) // 128-byte batches: 32 fit
        for _ in 0..<32 { try log.append(value: value) }
        #expect(log.logStartOffset == 0)
        for _ in 0..<1 { try log.append(value: value) }
        #expect(log.logStartOffset == 1)
        for _ in 0..<31 { try log.append(value: value) }
        #expect(log.logStartOffset == 32)
        for _ in 0..<10_000 { try log.append(value: value) }
        #expect(log.logStartOffset == 10_064 - 32, "far past the scan limit: found by the search")
        #expect(log.logStartOffset == 10_064 - 32, "and again from its own hint")
    }

    /// Two producers overwrite batches of random sizes while two threads ask for the log start
    /// and fetch from it: each sees it never go back, never pass the high watermark, and a
    /// fetch from it either starts there or was overtaken (its error names a later start).
    @Test func concurrentAsksSeeAStartThatNeverGoesBackAndIsFetchable() throws {
        let log = try PartitionLog(.init(capacity: 1 << 14, retention: .overwrite, producerMode: .multi))
        let n = stressCount(200_000)
        let failures = Locked<[String]>([])
        let asked = Locked(0)
        let producing = Locked(2)
        @Sendable func fail(_ what: String) { failures.withValue { if $0.count < 10 { $0.append(what) } } }
        runOnThreads(4) { role in
            if role < 2 {
                // Two producers: claims race, so the frontier runs ahead of what is published.
                var rng = SplitMix(seed: 11 + UInt64(role))
                var produced = 0
                let value = [UInt8](repeating: 7, count: 40)
                while produced < n {
                    let count = Int(rng.next() % 90) + 1
                    _ = try? log.appendBatch(maxBytes: count * 64) { appender throws(RingLogError) in
                        for _ in 0..<count { try appender.append(value: value) }
                    }
                    produced += count
                }
                if producing.withValue({ $0 -= 1; return $0 }) == 0 { log.close() }
                return
            }
            var previous: Int64 = 0
            var asks = 0
            while !log.isClosed {
                let start = log.logStartOffset
                let hw = log.highWatermark
                asks += 1
                if start < previous { fail("went back: \(previous) → \(start)") }
                if start > hw { fail("log start \(start) above high watermark \(hw)") }
                previous = start
                do {
                    let first = try log.fetch(from: start, maxRecords: 1) { batch -> Int64 in
                        var records = batch.makeIterator()
                        return records.next()?.offset ?? start
                    }
                    if first != start { fail("fetch from \(start) began at \(first)") }
                } catch let RingLogError.offsetOutOfRange(_, logStart, _) {
                    if logStart <= start { fail("fetch from \(start) refused with log start \(logStart)") }
                } catch {
                    fail("\(error)")
                }
            }
            asked.withValue { $0 += asks }
        }
        #expect(failures.withValue { $0 }.isEmpty, "\(failures.withValue { $0 })")
        #expect(asked.withValue { $0 } > 0)
        #expect(log.logStartOffset > 0, "the ring wrapped")
    }
}

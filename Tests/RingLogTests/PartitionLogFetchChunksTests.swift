import Testing
import RingLog

/// `fetchChunks`: one read of many records as consecutive chunks, from one index lookup.
@Suite("Chunked fetch: every record from any offset, once, in order, within the limits")
struct PartitionLogFetchChunksTests {
    /// A block ring (nothing overwritten) holding batches of 1...300 records whose values start
    /// with their own offset and run 8...300 bytes (one, in the 40th batch, 100 KiB: larger than
    /// a chunk), each stamped `timestamp(offset)`: about 2.8 MB, so a read spans many chunks.
    static func filledLog() throws -> PartitionLog {
        let log = try PartitionLog(.init(capacity: 1 << 22, retention: .block))
        var rng = SplitMix(seed: 3)
        var offset: Int64 = 0
        for b in 0..<80 {
            let count = Int(rng.next() % 300) + 1
            let values = (0..<count).map { i -> [UInt8] in
                var value = withUnsafeBytes(of: offset + Int64(i)) { Array($0) }
                let padding = b == 40 && i == count / 2 ? 100 << 10 : Int(rng.next() % 293)
                value += [UInt8](repeating: UInt8(truncatingIfNeeded: i), count: padding)
                return value
            }
            let first = offset
            try log.appendBatch(maxBytes: values.reduce(0) { $0 + $1.count + 64 }) { appender throws(RingLogError) in
                for (i, value) in values.enumerated() { try appender.append(value: value, timestamp: timestamp(first + Int64(i))) }
            }
            offset += Int64(count)
        }
        return log
    }

    /// The timestamp the record at `offset` was appended with (nanoseconds, 1 ms apart).
    static func timestamp(_ offset: Int64) -> Int64 { 1_700_000_000_000_000_000 + offset * 1_000_000 }

    /// The offsets a read handed out, checked against the offsets written into their values and
    /// their timestamps (mismatches counted), and how many chunks it took.
    static func read(_ log: PartitionLog, from offset: Int64, maxRecords: Int = .max, maxBytes: Int = .max,
                     takeAtMost: Int = .max) throws -> (offsets: [Int64], chunks: Int, bytes: Int, mismatches: Int) {
        var offsets: [Int64] = []
        var chunks = 0
        var bytes = 0
        var mismatches = 0
        let taken = try log.fetchChunks(from: offset, maxRecords: maxRecords, maxBytes: maxBytes) { batch in
            chunks += 1
            bytes += batch.byteCount
            var took = 0
            var records = batch.makeIterator()
            while took < takeAtMost, let record = records.next() {
                let written = record.withUnsafeValueBytes { $0.loadUnaligned(as: Int64.self) }
                if written != record.offset || record.timestamp != timestamp(record.offset) { mismatches += 1 }
                offsets.append(record.offset)
                took += 1
            }
            return took
        }
        #expect(taken == offsets.count)
        return (offsets, chunks, bytes, mismatches)
    }

    @Test func aReadFromAnyOffsetHandsOutEveryRecordUpToTheHighWatermarkOnceAndInOrder() throws {
        let log = try Self.filledLog()
        let hw = log.highWatermark
        for from in [0, 1, 150, 151, hw / 3, hw / 2 + 7, hw - 300, hw - 1] {
            let read = try Self.read(log, from: from)
            #expect(read.offsets == Array(from..<hw), "from \(from)")
            #expect(read.mismatches == 0)
            if hw - from > 2_000 { #expect(read.chunks > 10, "from \(from): \(read.chunks) chunks") }
        }
    }

    @Test func aBodyThatTakesFewerThanItWasGivenEndsTheRead() throws {
        let log = try Self.filledLog()
        let read = try Self.read(log, from: 5, takeAtMost: 10)
        #expect(read.offsets == Array(5..<15))
        #expect(read.chunks == 1)
    }

    @Test func maxRecordsAndMaxBytesBoundTheRead() throws {
        let log = try Self.filledLog()
        let byCount = try Self.read(log, from: 40, maxRecords: 1_234)
        #expect(byCount.offsets == Array(40..<1_274))
        let byBytes = try Self.read(log, from: 40, maxBytes: 200_000)
        #expect(byBytes.bytes >= 200_000 - 64 * 1024 && byBytes.bytes < 200_000 + 512, "\(byBytes.bytes) bytes")
        #expect(byBytes.offsets == Array(40..<40 + Int64(byBytes.offsets.count)))
        let tiny = try Self.read(log, from: 40, maxBytes: 1)
        #expect(tiny.offsets == [40], "the first record goes out whole")
        #expect(throws: RingLogError.self) { try log.fetchChunks(from: 0, maxRecords: 0) { $0.count } }
    }

    @Test func atTheHighWatermarkNothingIsHandedOutAndBelowTheLogStartItThrows() throws {
        let log = try PartitionLog(.init(capacity: 4096, retention: .overwrite))
        for _ in 0..<100 { try log.append(value: [UInt8](repeating: 1, count: 104)) }
        var calls = 0
        #expect(try log.fetchChunks(from: 100) { calls += 1; return $0.count } == 0)
        #expect(throws: RingLogError.offsetOutOfRange(requested: 0, logStart: 68, highWatermark: 100)) {
            try log.fetchChunks(from: 0) { calls += 1; return $0.count }
        }
        #expect(throws: RingLogError.offsetOutOfRange(requested: 101, logStart: 68, highWatermark: 100)) {
            try log.fetchChunks(from: 101) { calls += 1; return $0.count }
        }
        #expect(calls == 0)
        #expect(try log.fetchChunks(from: 68) { $0.count } == 32)
    }
}

import Testing
import RingLog

/// The batch header (`_Frame`): records carry their timestamp as a delta to the
/// base timestamp in their batch's header; readers that start inside a batch (a seek, a poll
/// that stopped early) still know the base; a delta too wide for the record header takes the
/// extension; and `BatchAppender.append(count:valueCapacity:timestamp:writeValue:)` frames
/// records exactly as one-at-a-time appends do.
@Suite("Batch headers: timestamp deltas, seeks into a batch, bulk appends")
struct BatchHeaderTests {
    /// One batch of `timestamps.count` 8-byte records, one at a time, with these timestamps.
    static func appendOneByOne(_ log: PartitionLog, _ timestamps: [Int64]) throws {
        let size = try BatchAppender.frameSize(keyLength: nil, valueLength: 8) // with the extension's room
        try log.appendBatch(maxBytes: timestamps.count * size) { batch throws(RingLogError) in
            for (i, ts) in timestamps.enumerated() {
                try batch.append(valueCapacity: 8, timestamp: ts) { $0.append(UInt64(i), as: UInt64.self) }
            }
        }
    }

    @Test func timestampsFarFromTheBatchBaseTakeTheExtensionAndReadBackExactly() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16))
        let base: Int64 = 1_700_000_000_000_000_000
        let timestamps: [Int64] = [
            base, base + 1, base - 1, base + Int64(Int32.max), base + Int64(Int32.max) + 1,
            base + Int64(Int32.min), base + Int64(Int32.min) - 1, 0, -5, .max, .min, base + 17,
        ]
        try Self.appendOneByOne(log, timestamps)
        let read = try log.fetch(from: 0, maxRecords: 100) { batch in batch.map { ($0.timestamp, $0.valueBytes.count) } }
        #expect(read.map(\.0) == timestamps)
        #expect(read.allSatisfy { $0.1 == 8 })
        // 5 lie within ±2^31 ns of the base: 8 + 8 bytes, padded to the 32-byte minimum; the
        // other 7 take the extension: 8 + 16 + 8 = 32. With the header: 400 bytes, padded to 448.
        #expect(log.bytesWritten == 448)
    }

    @Test func readersThatStartOrStopInsideABatchKeepItsBaseTimestamp() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16))
        let timestamps = (0..<10).map { Int64(1_000_000 + $0 * 1_000) }
        try Self.appendOneByOne(log, timestamps)
        try Self.appendOneByOne(log, timestamps.map { $0 + 5_000_000_000 }) // a second batch, 5 s later
        let all = timestamps + timestamps.map { $0 + 5_000_000_000 }
        // A reader that polls three at a time stops inside batches.
        let reader = try log.makeReader(startingAt: .earliest)
        var seen: [Int64] = []
        while reader.lag > 0 { seen += try reader.poll(maxRecords: 3) { $0.map { $0.timestamp } } }
        #expect(seen == all)
        // pollEach, two at a time, from the middle of the first batch.
        let each = try log.makeReader(startingAt: .offset(7))
        var viaEach: [Int64] = []
        while each.lag > 0 { _ = try each.pollEach(maxRecords: 2) { viaEach.append($0.timestamp) } }
        #expect(viaEach == Array(all[7...]))
        // Fetches and seeks to every offset.
        for o in 0..<20 {
            #expect(try log.fetch(from: Int64(o), maxRecords: 1) { $0.map { $0.timestamp } } == [all[o]])
            try reader.seek(to: Int64(o))
            #expect(try reader.poll(maxRecords: 1) { $0.map { $0.timestamp } } == [all[o]])
        }
        #expect(log.offset(forTimestamp: all[13]) == 13)
        #expect(log.offset(forTimestamp: all[13] - 1) == 13)
        #expect(log.offset(forTimestamp: all[19] + 1) == nil)
    }

    @Test func aBulkAppendFramesRecordsAsOneAtATimeAppendsDo() throws {
        let bulk = try PartitionLog(.init(capacity: 1 << 16))
        let single = try PartitionLog(.init(capacity: 1 << 16))
        for log in [bulk, single] {
            let frame = try log.frameSize(keyLength: nil, valueLength: 24)
            let range = try log.appendBatch(maxBytes: 10 * frame) { batch throws(RingLogError) in
                if log === bulk {
                    try batch.append(count: 10, valueCapacity: 24, timestamp: { Int64(500 + $0) }) { i, out in
                        for k in 0..<3 { out.append(UInt64(i * 10 + k), as: UInt64.self) }
                    }
                } else {
                    for i in 0..<10 {
                        try batch.append(valueCapacity: 24, timestamp: Int64(500 + i)) { out in
                            for k in 0..<3 { out.append(UInt64(i * 10 + k), as: UInt64.self) }
                        }
                    }
                }
                #expect(batch.count == 10)
                #expect(batch.remainingBytes == 0)
            }
            #expect(range == AppendedRange(baseOffset: 0, count: 10))
        }
        #expect(bulk.bytesWritten == single.bytesWritten)
        func records(_ log: PartitionLog) throws -> [[Int64]] {
            try log.fetch(from: 0, maxRecords: 100) { batch in
                batch.map { r in [r.offset, r.timestamp] + r.withUnsafeValueBytes { v in (0..<3).map { Int64(v.load(fromByteOffset: $0 * 8, as: UInt64.self)) } } }
            }
        }
        #expect(try records(bulk) == records(single))
        #expect(try records(bulk)[9] == [9, 509, 90, 91, 92])
    }

    /// A plain record's header is stored before its value, for a value that fills its
    /// capacity (`_Frame.writePlainRecord`); a shorter value must still be framed by the bytes it
    /// wrote, in every append path, so the records after it are found where they are.
    @Test func recordsShorterThanTheirCapacityAreFramedByWhatTheyWrote() throws {
        // Value i is i bytes of i (0...24, capacity 24): empty, short, and full values mixed.
        func value(_ i: Int) -> [UInt8] { Array(repeating: UInt8(i), count: i % 25) }
        let frame = try BatchAppender.frameSize(keyLength: nil, valueLength: 24)
        for path in ["bulk", "appender", "single"] {
            let log = try PartitionLog(.init(capacity: 1 << 16))
            switch path {
            case "bulk":
                try log.appendBatch(maxBytes: 30 * frame) { batch throws(RingLogError) in
                    try batch.append(count: 30, valueCapacity: 24, timestamp: { Int64($0) }) { i, out in
                        for byte in value(i) { out.append(byte, as: UInt8.self) }
                    }
                }
            case "appender":
                try log.appendBatch(maxBytes: 30 * frame) { batch throws(RingLogError) in
                    for i in 0..<30 {
                        try batch.append(valueCapacity: 24, timestamp: Int64(i)) { out in
                            for byte in value(i) { out.append(byte, as: UInt8.self) }
                        }
                    }
                }
            default:
                for i in 0..<30 {
                    try log.append(valueCapacity: 24, timestamp: Int64(i)) { out in
                        for byte in value(i) { out.append(byte, as: UInt8.self) }
                    }
                }
            }
            let read = try log.fetch(from: 0, maxRecords: 100) { batch in batch.map { ($0.offset, $0.timestamp, $0.valueBytes) } }
            #expect(read.map(\.0) == Array(0..<30), "\(path)")
            #expect(read.map(\.1) == (0..<30).map(Int64.init), "\(path)")
            #expect(read.map(\.2) == (0..<30).map(value), "\(path)")
            // Each short value took only its own frame: the next record is found right after it.
            try log.append(value: [0xEE])
            #expect(try log.fetch(from: 30) { $0.map { $0.valueBytes } } == [[0xEE]], "\(path)")
        }
    }

    @Test func aBulkAppendThatDoesNotFitWritesNothing() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16))
        let frame = try log.frameSize(keyLength: nil, valueLength: 64)
        try log.appendBatch(maxBytes: 4 * frame) { batch throws(RingLogError) in
            #expect(throws: RingLogError.reservationExhausted(needed: 5 * frame, remaining: 4 * frame)) {
                try batch.append(count: 5, valueCapacity: 64, timestamp: { Int64($0) }) { _, _ in }
            }
            #expect(throws: RingLogError.invalidArgument("count must not be negative, got -1")) {
                try batch.append(count: -1, valueCapacity: 64) { _, _ in }
            }
            #expect(batch.count == 0)
            try batch.append(count: 4, valueCapacity: 64, timestamp: { Int64($0) }) { i, out in out.append(UInt8(i), as: UInt8.self) }
            #expect(batch.count == 4)
        }
        #expect(try log.fetch(from: 0) { $0.map { $0.valueBytes } } == [[0], [1], [2], [3]])
    }

    @Test func aBulkAppendGoesOneAtATimeFromAWideTimestampOn() throws {
        // Checksums, LogAppendTime and wide deltas all take the extension; the bulk call still
        // appends every record, framed as single appends would be.
        for configuration in [PartitionConfiguration(capacity: 1 << 16), .init(capacity: 1 << 16, checksums: true),
                              .init(capacity: 1 << 16, timestampType: .logAppendTime)] {
            let log = try PartitionLog(configuration)
            let timestamps: [Int64] = [10, 20, 10 + (1 << 40), 30]
            try log.appendBatch(maxBytes: 4 * BatchAppender.frameSize(keyLength: nil, valueLength: 16)) { batch throws(RingLogError) in
                try batch.append(count: 4, valueCapacity: 16, timestamp: { timestamps[$0] }) { i, out in
                    out.append(UInt64(i), as: UInt64.self)
                    out.append(UInt64(i * 2), as: UInt64.self)
                }
            }
            let read = try log.fetch(from: 0) { batch in batch.map { ($0.timestamp, $0.valueBytes.count, $0.isChecksumValid) } }
            #expect(read.count == 4)
            #expect(read.allSatisfy { $0.1 == 16 && $0.2 })
            if configuration.timestampType == .createTime { #expect(read.map(\.0) == timestamps) }
            else { #expect(Set(read.map(\.0)).count == 1, "one append time for the batch") }
        }
    }
}

import RingLogPlatform
import Testing
import RingLog

/// `PartitionReader.pollEach` (one pass over the frames) and `PartitionLog.append(valueCapacity:)`
/// (one record, written in place) against the batch paths they stand beside.
@Suite("One-pass reads and single-record appends")
struct OnePassReadAndSingleAppendTests {
    /// Mixed records (plain, keyed, with headers, of many lengths) in a small ring that wraps.
    static func mixedLog(retention: RetentionPolicy = .block) throws -> PartitionLog {
        let log = try PartitionLog(.init(capacity: 4096, retention: retention))
        for i in 0..<40 {
            let value = [UInt8](repeating: UInt8(i), count: i % 9 * 7)
            switch i % 3 {
            case 0: try log.append(value: value)
            case 1: try log.append(value: value, key: [UInt8(i)])
            default: try log.append(value: value, headers: [RecordHeader(name: "h", value: [UInt8(i)])])
            }
        }
        return log
    }

    @Test(arguments: [(1, Int.max), (3, Int.max), (500, Int.max), (500, 100), (500, 1)])
    func pollEachReadsTheSameRecordsAsPollUnderTheSameLimits(maxRecords: Int, maxBytes: Int) throws {
        let log = try Self.mixedLog()
        let a = try log.makeReader(startingAt: .offset(5))
        let b = try log.makeReader(startingAt: .offset(5))
        var viaPoll: [[Int64]] = []
        var viaEach: [[Int64]] = []
        while a.lag > 0 {
            viaPoll.append(try a.poll(maxRecords: maxRecords, maxBytes: maxBytes) { $0.map { $0.offset } })
            var seen: [Int64] = []
            let n = try b.pollEach(maxRecords: maxRecords, maxBytes: maxBytes) { record in
                #expect(record.valueBytes == [UInt8](repeating: UInt8(record.offset), count: Int(record.offset) % 9 * 7))
                #expect(record.keyBytes == (record.offset % 3 == 1 ? [UInt8(record.offset)] : nil))
                seen.append(record.offset)
            }
            #expect(n == seen.count)
            viaEach.append(seen)
        }
        #expect(viaEach == viaPoll)
        #expect(viaEach.joined().elementsEqual(5..<40))
        #expect(a.nextOffset == 40 && b.nextOffset == 40)
        #expect(try b.pollEach { _ in Issue.record("no records are left") } == 0)
    }

    @Test func pollEachOfALappedReaderThrowsAndLeavesItsPositionAlone() throws {
        let log = try PartitionLog(.init(capacity: 4096, retention: .overwrite))
        let reader = try log.makeReader(startingAt: .earliest)
        for i in 0..<1000 { try log.append("record-\(i)") } // laps the 4 KiB ring many times
        #expect(throws: RingLogError.offsetOutOfRange(requested: 0, logStart: log.logStartOffset, highWatermark: 1000)) {
            try reader.pollEach { _ in }
        }
        #expect(reader.nextOffset == 0)
        try reader.seekToBeginning()
        var offsets: [Int64] = []
        while try reader.pollEach({ offsets.append($0.offset) }) > 0 {}
        #expect(offsets.elementsEqual(log.logStartOffset..<1000))
    }

    @Test func pollEachRejectsLimitsBelowOne() throws {
        let log = try PartitionLog(.init(capacity: 4096))
        let reader = try log.makeReader()
        #expect(throws: RingLogError.invalidArgument("maxRecords must be at least 1, got 0")) {
            try reader.pollEach(maxRecords: 0) { _ in }
        }
        #expect(throws: RingLogError.invalidArgument("maxBytes must be at least 1, got -1")) {
            try reader.pollEach(maxBytes: -1) { _ in }
        }
    }

    @Test(arguments: [
        PartitionConfiguration(capacity: 4096),
        PartitionConfiguration(capacity: 4096, checksums: true),
        PartitionConfiguration(capacity: 4096, producerMode: .multi),
        PartitionConfiguration(capacity: 4096, timestampType: .logAppendTime),
    ])
    func singleRecordZeroCopyAppendWritesTheValueInPlaceInEveryKindOfPartition(configuration: PartitionConfiguration) throws {
        let log = try PartitionLog(configuration)
        let before = wallClockNanoseconds()
        for i in 0..<300 { // wraps the 4 KiB ring several times
            let offset = try log.append(valueCapacity: 24, timestamp: 7) { out in
                out.append(UInt64(i), as: UInt64.self)
                if i % 2 == 0 { out.append(UInt64(i * 3), as: UInt64.self) } // may write less than asked
            }
            #expect(offset == Int64(i))
        }
        let records = try log.fetch(from: 299) { batch in
            batch.map { ($0.valueBytes.count, $0.timestamp, $0.timestampType, $0.isChecksumValid, $0.hasChecksum) }
        }
        #expect(records.count == 1)
        let r = try #require(records.first)
        #expect(r.0 == 8)
        #expect(r.3)
        #expect(r.4 == configuration.checksums)
        if configuration.timestampType == .logAppendTime {
            #expect(r.2 == .logAppendTime && r.1 >= before)
        } else {
            #expect(r.2 == .createTime && r.1 == 7)
        }
        let values = try log.fetch(from: log.logStartOffset, maxRecords: 1000) { batch in
            batch.map { rec in rec.withUnsafeValueBytes { Array($0.bindMemory(to: UInt64.self)) } }
        }
        for (k, v) in values.enumerated() {
            let i = Int(log.logStartOffset) + k
            #expect(v == (i % 2 == 0 ? [UInt64(i), UInt64(i * 3)] : [UInt64(i)]))
        }
    }

    @Test func aHugeOrNegativeValueCapacityIsRejectedAndNothingIsWritten() throws {
        for configuration in [PartitionConfiguration(capacity: 4096), PartitionConfiguration(capacity: 4096, checksums: true)] {
            let log = try PartitionLog(configuration)
            try log.append("first")
            #expect(throws: RingLogError.self) {
                try log.append(valueCapacity: .max) { _ in Issue.record("must not be called") }
            }
            #expect(throws: RingLogError.invalidArgument("valueCapacity must not be negative, got -1")) {
                try log.append(valueCapacity: -1) { _ in Issue.record("must not be called") }
            }
            try log.appendBatch(maxBytes: 1024) { batch throws(RingLogError) in
                #expect(throws: RingLogError.recordTooLarge(size: .max, limit: 2048)) {
                    try batch.append(valueCapacity: .max) { _ in Issue.record("must not be called") }
                }
                #expect(throws: RingLogError.invalidArgument("valueCapacity must not be negative, got -5")) {
                    try batch.append(valueCapacity: -5) { _ in Issue.record("must not be called") }
                }
                #expect(batch.count == 0)
            }
            #expect(log.highWatermark == 1)
            #expect(try log.append("second") == 1)
            #expect(try log.readAll(from: 0, max: 10).map(\.1) == ["first", "second"])
        }
    }

    @Test func singleRecordAppendAfterCloseFailsAndTryAppendReportsAFullRing() throws {
        let log = try PartitionLog(.init(capacity: 4096, retention: .block))
        let reader = try log.makeReader()
        var appended = 0
        while (try? log.tryAppend(value: [UInt8](repeating: 1, count: 100).span.bytes)) != nil { appended += 1 }
        #expect(appended == 4096 / 128) // 116-byte frames, each alone in a batch: 128 bytes
        #expect(reader.lag == Int64(appended))
        log.close()
        #expect(throws: RingLogError.closed) { try log.append(valueCapacity: 8) { _ in } }
    }
}

import RingLogPlatform
import Testing
import RingLog

@Suite("Append and fetch")
struct PartitionLogAppendFetchTests {
    @Test func offsetsAreDenseFromZeroAndRecordsReadBackUnchanged() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16, checksums: true))
        for i in 0..<100 {
            #expect(try log.append("value-\(i)", key: i % 3 == 0 ? nil : "k\(i)") == Int64(i))
        }
        #expect(log.highWatermark == 100)
        #expect(log.logStartOffset == 0)
        let records = try log.fetch(from: 0, maxRecords: 1000) { batch in
            batch.map { ($0.offset, $0.valueString, $0.keyBytes.map { String(decoding: $0, as: UTF8.self) }, $0.isChecksumValid) }
        }
        #expect(records.count == 100)
        for (i, r) in records.enumerated() {
            #expect(r.0 == Int64(i))
            #expect(r.1 == "value-\(i)")
            #expect(r.2 == (i % 3 == 0 ? nil : "k\(i)"))
            #expect(r.3)
        }
    }

    @Test func fetchFromTheMiddleUsesTheOffsetIndex() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16))
        for i in 0..<50 { try log.append("v\(i)") }
        let middle = try log.readAll(from: 37, max: 5)
        #expect(middle.map(\.0) == [37, 38, 39, 40, 41])
        #expect(middle.map(\.1) == ["v37", "v38", "v39", "v40", "v41"])
    }

    @Test func fetchAtTheHighWatermarkIsEmptyAndBeyondItIsOutOfRange() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16))
        for i in 0..<3 { try log.append("v\(i)") }
        #expect(try log.fetch(from: 3) { $0.count } == 0)
        #expect(throws: RingLogError.offsetOutOfRange(requested: 4, logStart: 0, highWatermark: 3)) {
            try log.fetch(from: 4) { $0.count }
        }
        #expect(throws: RingLogError.offsetOutOfRange(requested: -1, logStart: 0, highWatermark: 3)) {
            try log.fetch(from: -1) { $0.count }
        }
    }

    @Test func maxBytesLimitsABatchButAlwaysReturnsAtLeastOneRecord() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16))
        for _ in 0..<10 { try log.append(value: [UInt8](repeating: 7, count: 100)) }
        // each frame: 16 header + 100 value = 116 -> 120 bytes
        #expect(try log.fetch(from: 0, maxBytes: 300) { $0.count } == 2)
        #expect(try log.fetch(from: 0, maxBytes: 10) { $0.count } == 1)
    }

    @Test func headersKeysAndTimestampsRoundTrip() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16, checksums: true))
        let headers = [RecordHeader(name: "trace-id", value: [1, 2, 3]), RecordHeader(name: "é", value: [])]
        try log.append(value: [9, 9], key: [], headers: headers, timestamp: 1_234_567)
        try log.fetch(from: 0) { batch in
            var records = batch.makeIterator()
            let r = records.next()!
            #expect(r.headers == headers)
            #expect(r.headerCount == 2)
            #expect(r.keyLength == 0)          // empty key, not null
            #expect(r.keyBytes == [])
            #expect(r.valueBytes == [9, 9])
            #expect(r.timestamp == 1_234_567)
            #expect(r.timestampType == .createTime)
            #expect(r.isChecksumValid == true)
        }
    }

    @Test func createTimeDefaultsToNowAndLogAppendTimeOverridesTheProducer() throws {
        let before = wallClockNanoseconds()
        let create = try PartitionLog(.init(capacity: 1 << 16))
        try create.append("a")
        try create.append("b", timestamp: 42)
        let logAppend = try PartitionLog(.init(capacity: 1 << 16, timestampType: .logAppendTime))
        try logAppend.append("c", timestamp: 42)
        let after = wallClockNanoseconds()
        let created = try create.fetch(from: 0) { $0.map { $0.timestamp } }
        #expect((before...after).contains(created[0]))
        #expect(created[1] == 42)
        try logAppend.fetch(from: 0) { batch in
            batch.forEach { r in
                #expect((before...after).contains(r.timestamp))
                #expect(r.timestampType == .logAppendTime)
            }
        }
    }

    @Test func recordValueIsABorrowedSpanOverTheRing() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16))
        try log.append(value: [1, 2, 3, 4])
        let sum = try log.fetch(from: 0) { batch -> Int in
            var total = 0
            batch.forEach { record in
                let value = record.value
                for i in 0..<value.byteCount { total += Int(value.unsafeLoad(fromByteOffset: i, as: UInt8.self)) }
            }
            return total
        }
        #expect(sum == 10)
    }

    @Test func zeroCopyProduceWritesTheValueInPlace() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16, checksums: true))
        let size = try BatchAppender.frameSize(keyLength: nil, valueLength: 16)
        let range = try log.appendBatch(maxBytes: 3 * size) { batch throws(RingLogError) in
            for i in 0..<3 {
                try batch.append(valueCapacity: 16) { out in
                    out.append(UInt64(i), as: UInt64.self)
                    out.append(UInt64(i * 10), as: UInt64.self)
                }
            }
            #expect(batch.remainingBytes == 0)
        }
        #expect(range == AppendedRange(baseOffset: 0, count: 3))
        let values = try log.fetch(from: 0) { batch in
            batch.map { r in r.withUnsafeValueBytes { ($0.load(as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self)) } }
        }
        #expect(values.map(\.0) == [0, 1, 2])
        #expect(values.map(\.1) == [0, 10, 20])
        #expect(try log.fetch(from: 0) { $0.allSatisfy { $0.isChecksumValid } })
    }

    @Test func zeroCopyProduceMayWriteLessThanItsCapacity() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16))
        try log.appendBatch(maxBytes: 256) { batch throws(RingLogError) in
            try batch.append(valueCapacity: 100) { out in out.append(UInt8(5), as: UInt8.self) }
            try batch.append(value: [6, 6])
        }
        #expect(try log.fetch(from: 0) { $0.map { $0.valueBytes } } == [[5], [6, 6]])
    }

    @Test(arguments: [0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120])
    func recordsWrappingTheRingEndReadContiguously(shift: Int) throws {
        // 4 KiB ring, overwrite retention: put the write position `shift` bytes before
        // 4096 - 200, then write records that straddle the end. Batches start on 64-byte
        // boundaries, so the last filler and the straddling records share one batch: within a
        // batch, frames lie back to back at any 8-byte alignment.
        let log = try PartitionLog(.init(capacity: 4096, checksums: true))
        let header = 24 // the 8-byte record header and the 16-byte extension that a checksum takes
        let target = 4096 - 200 - shift
        let prefix = target / 64 * 64 - 64
        // Fillers up to `prefix`: batches of one 48-byte frame (16 + 48 = 64 bytes, no padding).
        for _ in 0..<prefix / 64 {
            try log.appendPacked([[UInt8](repeating: 1, count: 48 - header)])
        }
        #expect(log.bytesWritten == UInt64(prefix))
        // The last batch: its header, then a filler frame ending at `target` (48...104 bytes).
        let filler = [UInt8](repeating: 1, count: target - prefix - 16 - header)
        let values = (0..<6).map { i in (0..<123).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ i) } }
        var size = try log.frameSize(keyLength: nil, valueLength: filler.count)
        for _ in values { size += try log.frameSize(keyLength: 1, valueLength: 123) }
        let range = try log.appendBatch(maxBytes: size) { batch throws(RingLogError) in
            try batch.append(value: filler)
            for (i, v) in values.enumerated() { try batch.append(value: v, key: [UInt8(i)]) }
        }
        for (i, v) in values.enumerated() {
            let o = range.baseOffset + 1 + Int64(i)
            let read = try log.fetch(from: o, maxRecords: 1) { batch in batch.map { ($0.valueBytes, $0.keyBytes, $0.isChecksumValid) } }
            #expect(read.count == 1)
            #expect(read[0].0 == v)
            #expect(read[0].1 == [UInt8(i)])
            #expect(read[0].2)
        }
    }
}

import Testing
import RingLog

/// The record frame (`_Frame`): a 16-byte batch header (base offset, base
/// timestamp) before each batch's records, an 8-byte record header (length and flags, timestamp
/// delta), a 16-byte extension only for records with a key, headers, a checksum or a timestamp
/// far from the batch's first, frames 8-byte aligned and at least 32 bytes, batches starting on
/// 64-byte boundaries, and offsets counted by readers rather than stored per record. Sizes are
/// checked on batches whose header and frames add up to a multiple of 64 bytes, so the
/// publication padding does not enter them.
@Suite("Record frames: sizes, extension, offset checks")
struct RecordFrameTests {
    @Test func aPlainRecordTakesAnEightByteHeader() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16))
        try log.appendPacked(Array(repeating: [UInt8](repeating: 1, count: 64), count: 6))
        #expect(log.bytesWritten == 16 + 6 * (8 + 64), "a batch header, then six 72-byte frames: 7 lines")
        #expect(try log.frameSize(keyLength: nil, valueLength: 64) == 72)
        try log.fetch(from: 0) { batch in
            batch.forEach { r in
                #expect(r.keyLength == nil)
                #expect(r.keyBytes == nil)
                #expect(r.valueLength == 64)
                #expect(r.headerCount == 0)
                #expect(r.hasChecksum == false)
                #expect(r.isChecksumValid == true, "a record without a checksum is valid")
            }
        }
    }

    @Test func anEmptyRecordStillOccupiesThirtyTwoBytes() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16))
        try log.appendPacked([[], [1], [], [2], [], [3]])
        #expect(log.bytesWritten == 256, "16 + 6 frames of 8 or 9 bytes, each padded to the 32-byte minimum: 208, then to 256")
        #expect(try log.fetch(from: 0) { $0.map { $0.valueBytes } } == [[], [1], [], [2], [], [3]])
    }

    @Test func aKeyHeadersOrAChecksumAddTheExtension() throws {
        let plain = try PartitionLog(.init(capacity: 1 << 16))
        try plain.appendPacked(Array(repeating: [UInt8](repeating: 1, count: 16), count: 6), key: [])
        #expect(plain.bytesWritten == 16 + 6 * (24 + 16), "an empty key is not a null key: it needs the extension")
        let checked = try PartitionLog(.init(capacity: 1 << 16, checksums: true))
        try checked.appendPacked(Array(repeating: [UInt8](repeating: 2, count: 64), count: 2))
        #expect(checked.bytesWritten == 16 + 2 * (24 + 64))
        #expect(try checked.fetch(from: 0) { $0.allSatisfy { $0.hasChecksum && $0.isChecksumValid && $0.keyLength == nil } })
        #expect(try BatchAppender.frameSize(keyLength: nil, valueLength: 64) == 88, "the static size assumes a checksum")
        #expect(try BatchAppender.frameSize(keyLength: nil, valueLength: 64, checksum: false) == 72)
    }

    @Test(arguments: [RetentionPolicy.block, .overwrite])
    func aTombstoneReadsBackAsANullValueNotAnEmptyOne(retention: RetentionPolicy) throws {
        let log = try PartitionLog(.init(capacity: 1 << 16, retention: retention, checksums: true))
        let headers = [RecordHeader(name: "why", value: Array("deleted".utf8))]
        try log.appendBatch(maxBytes: 4 * (try BatchAppender.frameSize(keyLength: 8, valueLength: 8, headers: headers))) { batch throws(RingLogError) in
            try batch.append(value: [], key: Array("user-1".utf8))                          // empty value
            try batch.appendTombstone(key: Array("user-1".utf8).span.bytes, headers: headers, timestamp: 42)
            try batch.appendTombstone(key: nil)                                             // null key and value
            try batch.append(value: [7], key: nil)
        }
        let read = try log.fetch(from: 0) { batch in
            batch.map { ($0.hasNullValue, $0.valueLength, $0.keyBytes, $0.headers, $0.isChecksumValid, $0.hasHeaders) }
        }
        #expect(read.map(\.5) == [false, true, false, false], "hasHeaders, O(1), agrees with the headers")
        #expect(read.map(\.0) == [false, true, true, false])
        #expect(read.map(\.1) == [0, 0, 0, 1])
        #expect(read.map(\.2) == [Array("user-1".utf8), Array("user-1".utf8), nil, nil])
        #expect(read[1].3 == headers, "the flag leaves the headers length intact")
        #expect(read.allSatisfy { $0.4 })
        let reader = try log.makeReader(startingAt: .earliest)
        #expect(try reader.poll { $0.map { $0.hasNullValue } } == [false, true, true, false])
    }

    @Test func aSeekToAnOffsetWhoseIndexSlotWasReusedIsOutOfRange() throws {
        // 4 KiB ring, 32-byte frames in batches of 4 (16 + 128 bytes, padded to 192), and an
        // index of 4096 / 32 = 128 slots. 75 batches: the frontier is at 14400, so the batches
        // starting at or after 14400 - 4096 = 10304 are intact: from batch 54 (offset 216) on.
        let log = try PartitionLog(.init(capacity: 4096, retention: .overwrite))
        for i in stride(from: 0, to: 300, by: 4) {
            try log.appendPacked((i..<i + 4).map { [UInt8(truncatingIfNeeded: $0)] })
        }
        #expect(log.bytesWritten == 75 * 192)
        let start = log.logStartOffset
        #expect(start == 216)
        #expect(throws: RingLogError.offsetOutOfRange(requested: start - 1, logStart: start, highWatermark: 300)) {
            try log.fetch(from: start - 1) { $0.count }
        }
        // Offset 171's batch started at 168, whose slot (168 mod 128 = 40) now names the batch
        // at 296: the batch header's base offset tells them apart.
        #expect(throws: RingLogError.offsetOutOfRange(requested: 171, logStart: start, highWatermark: 300)) {
            try log.fetch(from: 171) { $0.count }
        }
        let read = try log.fetch(from: start, maxRecords: 1000) { batch in batch.map { ($0.offset, $0.valueBytes[0]) } }
        #expect(read.map(\.0) == Array(start..<300))
        #expect(read.map(\.1) == (start..<300).map { UInt8(truncatingIfNeeded: $0) })
        #expect(try log.fetch(from: 250) { $0.map { $0.offset }.first } == 250)
    }

    @Test(arguments: ProducerMode.allCases)
    func aSeekFindsEveryRecordOfBatchesOfAnySizeAfterTheIndexWrappedManyTimes(mode: ProducerMode) throws {
        // One index entry per batch, in its first offset's slot: the slots of most offsets were
        // last written laps ago, or never. 4 KiB ring (128 slots), batches of 1 to 9 records of
        // 32-byte frames (16 + 32 n bytes, padded to 64), 40 laps in overwrite retention, then a
        // batch of 60 and five more small ones.
        let log = try PartitionLog(.init(capacity: 4096, retention: .overwrite, producerMode: mode))
        var batches: [(base: Int64, position: UInt64)] = []
        var next: Int64 = 0
        var position: UInt64 = 0
        var seed: UInt64 = 12345
        var after = 0 // batches after the 40 laps
        var big: Int64 = -1
        while position < 40 * 4096 || after < 6 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            // After the laps, one batch of 60 (near the most a 4 KiB ring takes: 16 + 60 × 32
            // bytes of its 2 KiB limit): seeks into it look further down than smaller batches.
            let n = position >= 40 * 4096 && after == 0 ? 60 : 1 + Int(seed >> 33) % 9
            if n == 60 { big = next }
            if position >= 40 * 4096 { after += 1 }
            let frame = try log.frameSize(keyLength: nil, valueLength: 1)
            try log.appendBatch(maxBytes: n * frame) { batch throws(RingLogError) in
                for o in next..<next + Int64(n) {
                    try batch.append(value: [UInt8(truncatingIfNeeded: o)], timestamp: o * 10)
                }
            }
            batches.append((next, position))
            next += Int64(n)
            position += UInt64((16 + 32 * n + 63) / 64 * 64)
        }
        #expect(log.bytesWritten == position)
        // The log start: the oldest batch whose header lies within one ring length of the end.
        let start = batches.first { $0.position >= position - 4096 }!.base
        #expect(big >= start, "the batch of 60 is still in the ring")
        #expect(log.logStartOffset == start)
        let reader = try log.makeReader(startingAt: .earliest)
        for o in start..<next {
            #expect(try log.fetch(from: o, maxRecords: 1) { $0.map { [$0.offset, Int64($0.valueBytes[0]), $0.timestamp] } }
                    == [[o, Int64(UInt8(truncatingIfNeeded: o)), o * 10]])
            try reader.seek(to: o)
            #expect(try reader.poll(maxRecords: 1) { $0.map { $0.offset } } == [o])
        }
        for o in max(0, start - 300)..<start {
            #expect(throws: RingLogError.offsetOutOfRange(requested: o, logStart: start, highWatermark: next)) {
                try log.fetch(from: o) { $0.count }
            }
        }
        #expect(log.offset(forTimestamp: (start + 7) * 10 - 5) == start + 7)
        #expect(log.offset(forTimestamp: 0) == start)
    }

    @Test func everyBatchStartsOnA64ByteBoundaryAndReadersSkipThePadding() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16))
        try log.append(value: [UInt8](repeating: 1, count: 64))        // a batch header, a 72-byte frame
        #expect(log.bytesWritten == 128, "padded to the next 64-byte boundary")
        let late = try log.makeReader(startingAt: .latest)             // at the padding
        try log.appendPacked([[2], [3], [4]])                          // 16 + 3 × 32 = 112 bytes
        #expect(log.bytesWritten == 128 + 128)
        try log.append(value: [5])
        #expect(log.bytesWritten == 128 + 128 + 64)
        #expect(try log.readAll(from: 0).map(\.0) == [0, 1, 2, 3, 4])
        #expect(try log.fetch(from: 4) { $0.map { $0.valueBytes } } == [[5]])
        #expect(try late.poll { $0.map { $0.valueBytes } } == [[2], [3], [4], [5]])
        let each = try log.makeReader(startingAt: .offset(1))
        var seen: [[UInt8]] = []
        while try each.pollEach(maxRecords: 1, { seen.append($0.valueBytes) }) > 0 {}
        #expect(seen == [[2], [3], [4], [5]])
        try each.seekToEnd()
        try log.append(value: [6])
        #expect(try each.pollEach { seen.append($0.valueBytes) } == 1)
        #expect(seen.last == [6])
    }

    @Test func offsetsBeyondTwoToTheThirtyTwoKeepTheirHighBits() throws {
        // Readers count offsets from where they start; the batch header keeps only the low 32
        // bits of its base offset for index checks. Offsets themselves stay 64-bit: a reader started at 0 counts past any
        // 32-bit boundary the same way, so check the counting directly on a batch.
        let log = try PartitionLog(.init(capacity: 1 << 16))
        for i in 0..<10 { try log.append(value: [UInt8(i)]) }
        let reader = try log.makeReader(startingAt: .offset(4))
        #expect(try reader.poll { $0.map { $0.offset } } == [4, 5, 6, 7, 8, 9])
        #expect(reader.nextOffset == 10)
    }

    @Test func aRecordLongerThanTheLengthBitsIsRejected() {
        #expect(throws: RingLogError.recordTooLarge(size: 8 + (1 << 28), limit: (1 << 28) - 1)) {
            try BatchAppender.frameSize(keyLength: nil, valueLength: 1 << 28, checksum: false)
        }
    }

    @Test func corruptLengthsInAFrameNeverLeadOutsideIt() throws {
        // What a reader may see when a producer overwrites a frame while it is read (overwrite
        // retention reports that after the poll): any bytes. Plant absurd key and headers
        // lengths in a real frame and check every range the record derives stays inside it.
        let log = try PartitionLog(.init(capacity: 1 << 16, checksums: true))
        try log.append(value: [UInt8](repeating: 7, count: 40), key: [1, 2, 3])
        let cases: [(Int32, UInt32)] = [(.max, .max), (-5, .max), (3, .max), (.max, 0), (-1, 30), (30, 30)]
        for (key, headers) in cases {
            try log.fetch(from: 0) { batch in
                batch.forEach { r in
                    // The extension starts 8 bytes into the frame; the key after it (24), the value after the key.
                    let frame = r.withUnsafeValueBytes { UnsafeMutableRawPointer(mutating: $0.baseAddress!) } - 24 - (r.keyLength ?? 0)
                    frame.storeBytes(of: key, toByteOffset: 12, as: Int32.self)
                    frame.storeBytes(of: headers, toByteOffset: 16, as: UInt32.self)
                    let frameLength = 24 + 3 + 40
                    let k = r.keyLength ?? 0
                    #expect(k >= 0 && k <= frameLength - 24)
                    #expect(r.valueLength >= 0 && 24 + k + r.valueLength <= frameLength)
                    r.withUnsafeValueBytes { v in
                        #expect(v.count >= 0)
                        #expect(v.baseAddress! + v.count <= UnsafeRawPointer(frame) + frameLength)
                    }
                    _ = r.headers
                    #expect(r.headerCount >= 0)
                    #expect(!r.isChecksumValid || (key == 3 && headers == 0), "a changed length breaks the checksum")
                }
            }
            // Restore the true lengths for the next case.
            try log.fetch(from: 0) { batch in
                batch.forEach { r in
                    let frame = r.withUnsafeValueBytes { UnsafeMutableRawPointer(mutating: $0.baseAddress!) } - 24 - (r.keyLength ?? 0)
                    frame.storeBytes(of: Int32(3), toByteOffset: 12, as: Int32.self)
                    frame.storeBytes(of: UInt32(0), toByteOffset: 16, as: UInt32.self)
                }
            }
            #expect(try log.fetch(from: 0) { $0.allSatisfy { $0.isChecksumValid && $0.keyBytes == [1, 2, 3] } })
        }
    }

    @Test func aSeekNeverLandsOnARecordStillBeingWritten() throws {
        // 4 KiB ring: two batches of 63 32-byte frames (16 + 2016 = 2032 bytes, padded to 2 KiB)
        // fill it. The next batch reserves the first 64 bytes again: the first batch's header
        // and its records 0 and 1. While that batch is open (written, not published), the whole
        // first batch must read as gone (its header, which seeks start from, is being
        // overwritten), not as whatever the bytes now hold.
        let log = try PartitionLog(.init(capacity: 4096, retention: .overwrite))
        try log.appendPacked((0..<63).map { [UInt8($0)] })
        try log.appendPacked((63..<126).map { [UInt8($0)] })
        #expect(log.bytesWritten == 4096)
        #expect(log.logStartOffset == 0)
        try log.appendBatch(maxBytes: 32) { batch throws(RingLogError) in
            try batch.append(value: [0xEE])
            for offset: Int64 in [0, 1, 2, 62] {
                #expect(throws: RingLogError.self) { try log.fetch(from: offset) { $0.count } }
            }
            #expect(try log.fetch(from: 63) { b in b.map { ($0.offset, $0.valueBytes) } }.first! == (63, [63]))
            #expect(log.highWatermark == 126, "not published yet")
        }
        #expect(log.logStartOffset == 63, "the log start moves a batch at a time")
        #expect(try log.fetch(from: 125, maxRecords: 2) { b in b.map { $0.offset } } == [125, 126])
        #expect(try log.fetch(from: 126) { b in b.map { $0.valueBytes } } == [[0xEE]])
    }
}

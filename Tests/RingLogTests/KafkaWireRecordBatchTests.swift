import Testing
import RingLogKafkaWire
import RingLogPlatform

/// RecordBatch v2: the layout, the CRC-32C, the records inside, offsets rewritten in place.
@Suite struct KafkaWireRecordBatchTests {
    /// Bitwise CRC-32C (reflected polynomial 0x82F63B78), independent of the platform's.
    static func referenceCRC32C(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0x82F6_3B78 : 0) }
        }
        return ~crc
    }

    /// One record (null key, value "a", timestamp 0) at offset 0, written out by hand.
    static let oneRecordBatch: [UInt8] = [
        0, 0, 0, 0, 0, 0, 0, 0,                         // baseOffset 0
        0x00, 0x00, 0x00, 0x39,                         // batchLength 57 = 49 header bytes after it + 8
        0xFF, 0xFF, 0xFF, 0xFF,                         // partitionLeaderEpoch -1
        0x02,                                           // magic 2
        0xDB, 0xE9, 0xC8, 0x76,                         // crc (CRC-32C of the 48 bytes below)
        0x00, 0x00,                                     // attributes: no compression, CreateTime
        0x00, 0x00, 0x00, 0x00,                         // lastOffsetDelta 0
        0, 0, 0, 0, 0, 0, 0, 0,                         // baseTimestamp 0
        0, 0, 0, 0, 0, 0, 0, 0,                         // maxTimestamp 0
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, // producerId -1
        0xFF, 0xFF,                                     // producerEpoch -1
        0xFF, 0xFF, 0xFF, 0xFF,                         // baseSequence -1
        0x00, 0x00, 0x00, 0x01,                         // recordsCount 1
        0x0E,                                           // record length 7 (zig-zag 14)
        0x00,                                           // attributes
        0x00,                                           // timestampDelta 0
        0x00,                                           // offsetDelta 0
        0x01,                                           // key length -1 (null)
        0x02, 0x61,                                     // value length 1, "a"
        0x00,                                           // no headers
    ]

    @Test func theReferenceCRCMatchesTheCRC32CCheckValue() {
        #expect(Self.referenceCRC32C(Array("123456789".utf8)) == 0xE306_9283)
        #expect(Array("123456789".utf8).withUnsafeBytes { CRC32C.checksum($0) } == 0xE306_9283)
        #expect(Self.referenceCRC32C(Self.oneRecordBatch[21...]) == 0xDBE9_C876)
    }

    @Test func builderWritesTheSpecBytesForOneRecord() throws {
        var builder = RecordBatchBuilder(baseOffset: 0)
        try builder.append(key: nil, value: [0x61], timestamp: 0)
        #expect(builder.build() == Self.oneRecordBatch)
    }

    @Test func parsingTheSpecBytesGivesTheHeaderAndRecord() throws {
        let batch = try RecordBatch(parsing: Self.oneRecordBatch)
        #expect(batch.header.baseOffset == 0)
        #expect(batch.header.batchLength == 57 && batch.header.totalSize == 69)
        #expect(batch.header.partitionLeaderEpoch == -1 && batch.header.magic == 2)
        #expect(batch.header.crc == 0xDBE9_C876 && batch.hasValidCRC)
        #expect(batch.header.compression == CompressionCodec.none)
        #expect(!batch.header.isTransactional && !batch.header.isControl && !batch.header.isLogAppendTime)
        #expect(batch.header.producerId == -1 && batch.header.producerEpoch == -1 && batch.header.baseSequence == -1)
        #expect(batch.header.recordsCount == 1 && batch.header.lastOffsetDelta == 0)
        let records = try batch.records()
        #expect(records == [BatchRecord(key: nil, value: [0x61][...])])
    }

    @Test func aDamagedPayloadIsACRCMismatch() throws {
        var damaged = Self.oneRecordBatch
        damaged[67] = 0x62  // "a" -> "b"
        #expect(throws: KafkaWireError.crcMismatch(stored: 0xDBE9_C876, computed: Self.referenceCRC32C(damaged[21...]))) {
            try RecordBatch(parsing: damaged)
        }
        // Not verifying lets a caller look anyway.
        #expect(try !RecordBatch(parsing: damaged, verifyingCRC: false).hasValidCRC)
        var damagedAttributes = Self.oneRecordBatch
        damagedAttributes[22] = 0x08
        #expect(throws: (any Error).self) { try RecordBatch(parsing: damagedAttributes) }
    }

    @Test func rewritingTheBaseOffsetKeepsTheCRCValid() throws {
        var bytes = Self.oneRecordBatch
        #expect(RecordBatch.rewriteBaseOffset(1_234_567, in: &bytes))
        let batch = try RecordBatch(parsing: bytes)
        #expect(batch.header.baseOffset == 1_234_567 && batch.header.crc == 0xDBE9_C876)
        #expect(Array(bytes[8...]) == Array(Self.oneRecordBatch[8...]))
        var short: [UInt8] = [1, 2, 3]
        #expect(!RecordBatch.rewriteBaseOffset(1, in: &short))
    }

    @Test func concatenatedBatchesIterateAndGetConsecutiveOffsets() throws {
        var first = RecordBatchBuilder()
        for i in 0..<3 { try first.append(key: [UInt8(i)], value: [UInt8(i)], timestamp: 1_000 + Int64(i)) }
        var second = RecordBatchBuilder()
        try second.append(key: nil, value: nil, headers: [(Array("k".utf8), nil)], timestamp: 2_000)
        var records = first.build() + second.build()
        #expect(try RecordBatch.assignOffsets(in: &records, startingAt: 100) == 104)
        let batches = try RecordBatchIterator.batches(in: records[...])
        #expect(batches.map(\.header.baseOffset) == [100, 103])
        #expect(batches[0].header.lastOffsetDelta == 2 && batches[0].header.maxTimestamp == 1_002)
        let firstRecords = try batches[0].records()
        #expect(firstRecords.map(\.offsetDelta) == [0, 1, 2] && firstRecords.map(\.timestampDelta) == [0, 1, 2])
        #expect(firstRecords.map(batches[0].offset(of:)) == [100, 101, 102])
        #expect(firstRecords.map(batches[0].timestamp(of:)) == [1_000, 1_001, 1_002])
        let tombstone = try #require(try batches[1].records().first)
        #expect(tombstone.key == nil && tombstone.value == nil)
        #expect(tombstone.headers == [BatchRecord.Header(key: Array("k".utf8)[...], value: nil)])
    }

    @Test func aPartialTrailingBatchEndsAFetchIterationButFailsAProduceOne() throws {
        let whole = KafkaWireSamples.batch
        let records = whole + whole.prefix(30)
        var fetch = RecordBatchIterator(records: records[...], allowsPartialTrailingBatch: true)
        #expect(try fetch.next() != nil)
        #expect(try fetch.next() == nil)
        #expect(fetch.partialTail?.count == 30)
        #expect(throws: KafkaWireError.self) { try RecordBatchIterator.batches(in: records[...]) }
    }

    @Test func compressedBatchesParseButTheirRecordsAreNotIterated() throws {
        var builder = RecordBatchBuilder()
        try builder.append(key: nil, value: [1], timestamp: 0)
        var bytes = builder.build()
        bytes[22] = 0x04  // zstd
        let crc = bytes[21...].withUnsafeBytes { CRC32C.checksum($0) }
        bytes[17] = UInt8(crc >> 24); bytes[18] = UInt8(crc >> 16 & 0xFF)
        bytes[19] = UInt8(crc >> 8 & 0xFF); bytes[20] = UInt8(crc & 0xFF)
        let batch = try RecordBatch(parsing: bytes)
        #expect(batch.header.compression == .zstd)
        #expect(throws: KafkaWireError.compressedRecords(codec: 4)) { try batch.records() }
    }

    @Test func wrongMagicAndBadLengthsAreRefused() {
        var magic = Self.oneRecordBatch
        magic[16] = 1
        #expect(throws: KafkaWireError.unsupportedMagic(1)) { try RecordBatch(parsing: magic) }
        var long = Self.oneRecordBatch
        long[11] = 0x3A
        #expect(throws: KafkaWireError.invalidBatchLength(58)) { try RecordBatch(parsing: long) }
        var short = Self.oneRecordBatch
        short[11] = 0x10
        #expect(throws: KafkaWireError.invalidBatchLength(16)) { try RecordBatch(parsing: short) }
        #expect(throws: KafkaWireError.truncated(needed: 4, remaining: 2)) { try RecordBatch(parsing: Array(Self.oneRecordBatch.prefix(59))) }
    }

    @Test func aRecordCountThatDisagreesWithTheRecordsIsMalformed() throws {
        var bytes = Self.oneRecordBatch
        bytes[60] = 2  // recordsCount 2, one record present
        let crc = Self.referenceCRC32C(bytes[21...])
        bytes[17] = UInt8(crc >> 24); bytes[18] = UInt8(crc >> 16 & 0xFF)
        bytes[19] = UInt8(crc >> 8 & 0xFF); bytes[20] = UInt8(crc & 0xFF)
        let batch = try RecordBatch(parsing: bytes)
        #expect(throws: KafkaWireError.malformedRecord) { try batch.records() }
    }
}

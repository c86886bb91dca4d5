import Testing
@testable import RingLogKafkaWire

/// The bounded reader and the writer under the message codecs: exact encodings and the errors
/// hostile lengths, counts and varints get instead of a trap.
@Suite struct KafkaWirePrimitiveTests {
    static let varints: [(Int32, [UInt8])] = [
        (0, [0x00]), (-1, [0x01]), (1, [0x02]), (-2, [0x03]), (63, [0x7E]), (-64, [0x7F]), (64, [0x80, 0x01]),
        (300, [0xD8, 0x04]), (Int32.max, [0xFE, 0xFF, 0xFF, 0xFF, 0x0F]), (Int32.min, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
    ]

    @Test func zigZagVarintsEncodeAndDecodeAsTheSpecSays() throws {
        for (value, bytes) in Self.varints {
            var writer = WireWriter()
            writer.writeVarint(value)
            #expect(writer.bytes == bytes, "\(value)")
            var reader = _WireReader(bytes)
            #expect(try reader.readVarint() == value)
            #expect(reader.remaining == 0)
        }
    }

    @Test func zigZagVarlongsCoverTheWholeInt64Range() throws {
        for value: Int64 in [0, -1, 1, 1_700_000_000_000, -1_700_000_000_000, .max, .min] {
            var writer = WireWriter()
            writer.writeVarlong(value)
            #expect(writer.bytes.count <= 10)
            var reader = _WireReader(writer.bytes)
            #expect(try reader.readVarlong() == value)
        }
        var writer = WireWriter()
        writer.writeVarlong(.min)
        #expect(writer.bytes == [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
    }

    @Test func overlongVarintsAreMalformed() {
        var five = _WireReader([0x80, 0x80, 0x80, 0x80, 0x80, 0x01])
        #expect(throws: KafkaWireError.malformedVarint) { try five.readVarint() }
        var ten = _WireReader([UInt8](repeating: 0xFF, count: 11))
        #expect(throws: KafkaWireError.malformedVarint) { try ten.readVarlong() }
        var cut = _WireReader([0x80])
        #expect(throws: KafkaWireError.truncated(needed: 1, remaining: 0)) { try cut.readVarint() }
    }

    @Test func integersAreBigEndian() throws {
        var writer = WireWriter()
        writer.writeInt16(0x0102)
        writer.writeInt32(-2)
        writer.writeInt64(0x0102_0304_0506_0708)
        #expect(writer.bytes == [1, 2, 0xFF, 0xFF, 0xFF, 0xFE, 1, 2, 3, 4, 5, 6, 7, 8])
        var reader = _WireReader(writer.bytes)
        #expect(try reader.readInt16() == 0x0102)
        #expect(try reader.readInt32() == -2)
        #expect(try reader.readInt64() == 0x0102_0304_0506_0708)
    }

    @Test func truncatedIntegersThrowInsteadOfTrapping() throws {
        var reader = _WireReader([0x00, 0x01, 0x02])
        #expect(throws: KafkaWireError.truncated(needed: 4, remaining: 3)) { try reader.readInt32() }
        #expect(reader.remaining == 3)
    }

    @Test func stringsAreLengthCheckedAndValidated() throws {
        var negative = _WireReader([0xFF, 0xFE])
        #expect(throws: KafkaWireError.negativeLength(-2)) { try negative.readNullableString() }
        var tooLong = _WireReader([0x00, 0x05, 0x61])
        #expect(throws: KafkaWireError.lengthExceedsRemaining(length: 5, remaining: 1)) { try tooLong.readString() }
        var null = _WireReader([0xFF, 0xFF])
        #expect(throws: KafkaWireError.unexpectedNull) { try null.readString() }
        var invalid = _WireReader([0x00, 0x02, 0xC3, 0x28])
        #expect(throws: KafkaWireError.invalidUTF8) { try invalid.readString() }
        var writer = WireWriter()
        #expect(throws: KafkaWireError.valueTooLarge) { try writer.writeString(String(repeating: "x", count: 32_768)) }
    }

    @Test func bytesAreLengthCheckedAndSliced() throws {
        var reader = _WireReader([0x00, 0x00, 0x00, 0x02, 0xAA, 0xBB, 0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0, 0, 0])
        #expect(try reader.readNullableBytesSlice().map(Array.init) == [0xAA, 0xBB])
        #expect(try reader.readNullableBytesSlice() == nil)
        #expect(throws: KafkaWireError.negativeLength(Int(Int32.min))) { try reader.readNullableBytesSlice() }
    }

    @Test func arrayCountsBeyondTheFrameAreRefusedBeforeAllocating() throws {
        var huge = _WireReader([0x7F, 0xFF, 0xFF, 0xFF, 0x00])
        #expect(throws: KafkaWireError.arrayTooLong(count: Int(Int32.max))) { try huge.readArrayCount() }
        var negative = _WireReader([0xFF, 0xFF, 0xFF, 0xFE])
        #expect(throws: KafkaWireError.negativeLength(-2)) { try negative.readArrayCount() }
        var null = _WireReader([0xFF, 0xFF, 0xFF, 0xFF])
        #expect(try null.readArrayCount() == nil)
        // A body whose array claims more elements than bytes: refused, not allocated.
        #expect(throws: KafkaWireError.arrayTooLong(count: 1_000_000)) {
            try MetadataRequest(decoding: [0x00, 0x0F, 0x42, 0x40, 0x00, 0x00], version: 1)
        }
    }

    @Test func taggedFieldsAreSkippedWithBoundsChecks() throws {
        var reader = _WireReader([0x02, 0x00, 0x01, 0xAA, 0x07, 0x00, 0x42])
        try reader.skipTaggedFields()
        #expect(try reader.readInt8() == 0x42)
        var bad = _WireReader([0x01, 0x00, 0x05, 0xAA])
        #expect(throws: KafkaWireError.lengthExceedsRemaining(length: 5, remaining: 1)) { try bad.skipTaggedFields() }
    }

    @Test func sizesAreBackPatched() throws {
        var writer = WireWriter()
        let at = writer.reserveInt32()
        try writer.writeString("abc")
        try writer.patchSize(at: at)
        #expect(writer.bytes == [0, 0, 0, 5, 0, 3, 0x61, 0x62, 0x63])
    }
}

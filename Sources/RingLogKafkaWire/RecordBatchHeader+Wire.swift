extension RecordBatchHeader {
    /// Reads the 61 header bytes (no validation beyond truncation: see `RecordBatch`).
    init(from reader: inout _WireReader) throws(KafkaWireError) {
        baseOffset = try reader.readInt64()
        batchLength = try reader.readInt32()
        partitionLeaderEpoch = try reader.readInt32()
        magic = try reader.readInt8()
        crc = try reader.readUInt32()
        attributes = try reader.readInt16()
        lastOffsetDelta = try reader.readInt32()
        baseTimestamp = try reader.readInt64()
        maxTimestamp = try reader.readInt64()
        producerId = try reader.readInt64()
        producerEpoch = try reader.readInt16()
        baseSequence = try reader.readInt32()
        recordsCount = try reader.readInt32()
    }

    /// Parses the header at the start of `bytes` (at least 61 bytes), without checking the magic
    /// byte, the length or the CRC.
    public init(parsing bytes: ArraySlice<UInt8>) throws(KafkaWireError) {
        var reader = _WireReader(bytes)
        try self.init(from: &reader)
    }

    /// Appends the 61 header bytes as they are (CRC and length included).
    public func encode(into writer: inout WireWriter) {
        writer.writeInt64(baseOffset)
        writer.writeInt32(batchLength)
        writer.writeInt32(partitionLeaderEpoch)
        writer.writeInt8(magic)
        writer.writeUInt32(crc)
        writer.writeInt16(attributes)
        writer.writeInt32(lastOffsetDelta)
        writer.writeInt64(baseTimestamp)
        writer.writeInt64(maxTimestamp)
        writer.writeInt64(producerId)
        writer.writeInt16(producerEpoch)
        writer.writeInt32(baseSequence)
        writer.writeInt32(recordsCount)
    }
}

extension RecordBatch {
    /// Overwrites the baseOffset (the first 8 bytes) of the batch starting at `index` in `bytes`.
    ///
    /// The CRC does not cover baseOffset, so the batch stays valid: this is how a broker assigns
    /// offsets to a produced batch without re-encoding it. Returns false (and changes nothing) if
    /// fewer than 8 bytes follow `index`.
    ///
    /// Complexity: O(1).
    @discardableResult
    public static func rewriteBaseOffset(_ baseOffset: Int64, in bytes: inout [UInt8], at index: Int = 0) -> Bool {
        bytes.withUnsafeMutableBytes { buffer in
            rewriteBaseOffset(baseOffset, in: buffer, at: index)
        }
    }

    /// Overwrites the baseOffset of the batch starting at `index` in `buffer` (see the `[UInt8]`
    /// overload). Returns false if fewer than 8 bytes follow `index`.
    @discardableResult
    public static func rewriteBaseOffset(_ baseOffset: Int64, in buffer: UnsafeMutableRawBufferPointer,
                                         at index: Int = 0) -> Bool {
        guard index >= 0, index <= buffer.count, buffer.count - index >= 8 else { return false }
        buffer.storeBytes(of: baseOffset.bigEndian, toByteOffset: index, as: Int64.self)
        return true
    }

    /// Gives every batch in a records field consecutive offsets starting at `firstOffset`
    /// (each batch's baseOffset becomes the offset after the previous batch's last one) and
    /// returns the offset after the last record. Validates each batch's framing (not its CRC,
    /// which these rewrites don't affect) and throws if `records` isn't whole batches.
    ///
    /// Complexity: O(number of batches).
    public static func assignOffsets(in records: inout [UInt8], startingAt firstOffset: Int64) throws(KafkaWireError) -> Int64 {
        var next = firstOffset
        var start = 0
        while start < records.count {
            let batch = try RecordBatch(parsing: records[start...], verifyingCRC: false)
            rewriteBaseOffset(next, in: &records, at: start)
            guard batch.header.lastOffsetDelta >= 0 else { throw .malformedRecord }
            next = next &+ Int64(batch.header.lastOffsetDelta) &+ 1
            start += batch.header.totalSize
        }
        return next
    }
}

import RingLogKafkaWire

/// The records of one uncompressed RecordBatch v2, read in place from its bytes: the produce
/// path's parser. It accepts and rejects exactly what `RecordBatch.makeRecordIterator()` does
/// (the same bounds and varint rules; `ServeRecordScannerTests` checks the two against each
/// other on mutated batches), but hands out byte ranges instead of slices, so it retains
/// nothing and allocates nothing.
///
/// Thread-safety: a value over borrowed bytes; valid while they are.
struct _RecordScanner {
    /// One record: its deltas and where its parts are in the scanned bytes.
    struct Record {
        var timestampDelta: Int64
        var offsetDelta: Int32
        /// The key's bytes, nil for a null key.
        var key: Range<Int>?
        /// The value's bytes, nil for a null value.
        var value: Range<Int>?
        /// The header entries, as encoded (count, then key/value pairs; see `headers(of:)`).
        var headers: Range<Int>
        /// How many headers.
        var headerCount: Int
    }

    /// The batch's record bytes (after its 61-byte header).
    let bytes: UnsafeRawBufferPointer
    private var position = 0
    private var remainingCount: Int

    /// A scanner over `bytes`, which hold `count` records (the batch header's recordsCount).
    init(_ bytes: UnsafeRawBufferPointer, count: Int) {
        self.bytes = bytes
        self.remainingCount = count
    }

    /// The next record, nil after the last; throws `malformedRecord` when a record overruns its
    /// length or the bytes, or the bytes hold more or fewer records than the count.
    @inline(__always)
    mutating func next() throws(KafkaWireError) -> Record? {
        guard remainingCount > 0 else {
            guard position == bytes.count, remainingCount == 0 else { throw .malformedRecord }
            return nil
        }
        remainingCount -= 1
        let length = Int(try varint(end: bytes.count))
        guard length >= 0, length <= bytes.count - position else { throw .malformedRecord }
        let end = position + length
        guard position < end else { throw .malformedRecord }
        position += 1 // attributes
        let timestampDelta = try varlong(end: end)
        let offsetDelta = try varint(end: end)
        let key = try nullableBytes(end: end)
        let value = try nullableBytes(end: end)
        let headerCount = Int(try varint(end: end))
        guard headerCount >= 0, headerCount <= end - position else { throw .malformedRecord }
        let headersStart = position
        for _ in 0..<headerCount {
            guard try nullableBytes(end: end) != nil else { throw .malformedRecord }
            _ = try nullableBytes(end: end)
        }
        guard position == end else { throw .malformedRecord }
        return Record(timestampDelta: timestampDelta, offsetDelta: offsetDelta, key: key, value: value,
                      headers: headersStart..<end, headerCount: headerCount)
    }

    /// Calls `body` with each header's key and value (nil: null) of `record`, in order.
    func forEachHeader(of record: Record, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer?) -> Void) {
        var scanner = _RecordScanner(bytes, count: 0)
        scanner.position = record.headers.lowerBound
        let end = record.headers.upperBound
        for _ in 0..<record.headerCount {
            // Checked by `next` already: these reads cannot fail.
            guard let key = try? scanner.nullableBytes(end: end) else { return }
            let value = try? scanner.nullableBytes(end: end) // nil: a null value
            body(slice(key), value.map(slice))
        }
    }

    /// The bytes of `range`.
    @inline(__always)
    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[range])
    }

    /// A zig-zag varint length (-1: nil) and that many bytes, before `end`.
    @inline(__always)
    private mutating func nullableBytes(end: Int) throws(KafkaWireError) -> Range<Int>? {
        let length = Int(try varint(end: end))
        if length == -1 { return nil }
        guard length >= 0, length <= end - position else { throw .malformedRecord }
        defer { position += length }
        return position..<(position + length)
    }

    /// A zig-zag varint: at most 5 bytes, the upper bits of the fifth dropped (as the codec).
    @inline(__always)
    private mutating func varint(end: Int) throws(KafkaWireError) -> Int32 {
        let raw = UInt32(truncatingIfNeeded: try unsignedVarint(maxBytes: 5, end: end))
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A zig-zag varlong: at most 10 bytes.
    @inline(__always)
    private mutating func varlong(end: Int) throws(KafkaWireError) -> Int64 {
        let raw = try unsignedVarint(maxBytes: 10, end: end)
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    @inline(__always)
    private mutating func unsignedVarint(maxBytes: Int, end: Int) throws(KafkaWireError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for _ in 0..<maxBytes {
            guard position < end else { throw .malformedRecord }
            let byte = UInt64(bytes[position])
            position += 1
            value |= (byte & 0x7F) &<< shift
            if byte & 0x80 == 0 { return value }
            shift &+= 7
        }
        throw .malformedRecord
    }
}

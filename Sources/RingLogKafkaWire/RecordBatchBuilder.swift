/// Builds one uncompressed RecordBatch v2: header fields, records appended in order, CRC-32C
/// computed on `build()`. For tests and for a fetch path that re-encodes stored records.
///
/// Offsets deltas are the records' positions (0, 1, 2, ...); `baseTimestamp` is the first
/// record's timestamp and `maxTimestamp` the largest.
///
/// Thread-safety: a value type; one per thread. Complexity: `append` amortised O(record size),
/// `build` O(batch size).
public struct RecordBatchBuilder: Sendable {
    /// The batch's baseOffset (a broker rewrites it on append: see `RecordBatch.rewriteBaseOffset`).
    public var baseOffset: Int64
    /// The partition leader epoch (-1: unknown).
    public var partitionLeaderEpoch: Int32 = -1
    /// The batch attributes; compression bits must stay 0 (records are written uncompressed).
    public var attributes: Int16 = 0
    /// The producer ID (-1: not idempotent).
    public var producerId: Int64 = -1
    /// The producer epoch (-1: not idempotent).
    public var producerEpoch: Int16 = -1
    /// The first record's sequence number (-1: not idempotent).
    public var baseSequence: Int32 = -1

    private var records = WireWriter(capacity: 1024)
    private var count: Int32 = 0
    private var baseTimestamp: Int64 = 0
    private var maxTimestamp: Int64 = -1

    /// An empty batch at `baseOffset`.
    public init(baseOffset: Int64 = 0) {
        self.baseOffset = baseOffset
    }

    /// Records appended so far.
    public var recordCount: Int { Int(count) }

    /// Appends a record with the given absolute `timestamp` (milliseconds).
    /// Throws `valueTooLarge` for a key, value or header over `Int32.max` bytes.
    public mutating func append(
        key: [UInt8]?, value: [UInt8]?, headers: [(key: [UInt8], value: [UInt8]?)] = [], timestamp: Int64 = 0
    ) throws(KafkaWireError) {
        if count == 0 { baseTimestamp = timestamp }
        maxTimestamp = count == 0 ? timestamp : max(maxTimestamp, timestamp)
        var body = WireWriter(capacity: 16 + (key?.count ?? 0) + (value?.count ?? 0))
        body.writeInt8(0)
        body.writeVarlong(timestamp &- baseTimestamp)
        body.writeVarint(count)
        try Self.writeVarintBytes(key, into: &body)
        try Self.writeVarintBytes(value, into: &body)
        guard headers.count <= Int(Int32.max) else { throw .valueTooLarge }
        body.writeVarint(Int32(headers.count))
        for header in headers {
            try Self.writeVarintBytes(header.key, into: &body)
            try Self.writeVarintBytes(header.value, into: &body)
        }
        guard body.count <= Int(Int32.max) else { throw .valueTooLarge }
        records.writeVarint(Int32(body.count))
        records.writeRaw(body.bytes)
        count += 1
    }

    /// The finished batch.
    public func build() -> [UInt8] {
        var header = RecordBatchHeader()
        header.baseOffset = baseOffset
        header.batchLength = Int32(truncatingIfNeeded: RecordBatchHeader.size - RecordBatchHeader.lengthPrefixSize + records.count)
        header.partitionLeaderEpoch = partitionLeaderEpoch
        header.attributes = attributes & ~0x7
        header.lastOffsetDelta = max(count - 1, 0)
        header.baseTimestamp = baseTimestamp
        header.maxTimestamp = maxTimestamp
        header.producerId = producerId
        header.producerEpoch = producerEpoch
        header.baseSequence = baseSequence
        header.recordsCount = count
        var writer = WireWriter(capacity: RecordBatchHeader.size + records.count)
        header.encode(into: &writer)
        writer.writeRaw(records.bytes)
        let crc = RecordBatch.crc(ofBatchBytes: writer.bytes[...])
        writer.patchInt32(Int32(bitPattern: crc), at: RecordBatchHeader.crcOffset)
        return writer.bytes
    }

    private static func writeVarintBytes(_ bytes: [UInt8]?, into writer: inout WireWriter) throws(KafkaWireError) {
        guard let bytes else { writer.writeVarint(-1); return }
        guard bytes.count <= Int(Int32.max) else { throw .valueTooLarge }
        writer.writeVarint(Int32(bytes.count))
        writer.writeRaw(bytes)
    }
}

/// The fixed 61-byte header of a RecordBatch v2 (Kafka's message format since 0.11):
///
///     baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 (2) |
///     crc uint32 | attributes int16 | lastOffsetDelta int32 | baseTimestamp int64 |
///     maxTimestamp int64 | producerId int64 | producerEpoch int16 | baseSequence int32 |
///     recordsCount int32
///
/// `batchLength` counts the bytes after itself; `crc` is CRC-32C over `attributes` to the batch's
/// end, so neither `baseOffset` nor `partitionLeaderEpoch` is covered and a broker can assign
/// offsets without recomputing it.
///
/// Thread-safety: a value type (`Sendable`).
public struct RecordBatchHeader: Sendable, Equatable {
    /// The size of the header in bytes.
    public static let size = 61
    /// The bytes before `batchLength`'s count starts (baseOffset + batchLength).
    public static let lengthPrefixSize = 12
    /// The byte offset of `crc` in the batch.
    public static let crcOffset = 17
    /// The byte offset of `attributes`, where the CRC's coverage starts.
    public static let attributesOffset = 21
    /// The byte offset of `partitionLeaderEpoch`.
    public static let partitionLeaderEpochOffset = 12

    /// The offset of the first record (assigned by the broker; not covered by the CRC).
    public var baseOffset: Int64 = 0
    /// The bytes after this field to the end of the batch.
    public var batchLength: Int32 = 0
    /// The leader epoch the batch was appended under (-1: unknown; not covered by the CRC).
    public var partitionLeaderEpoch: Int32 = -1
    /// The format version: 2.
    public var magic: Int8 = 2
    /// CRC-32C of the bytes from `attributes` to the end of the batch.
    public var crc: UInt32 = 0
    /// Compression (bits 0-2), timestamp type (3), transactional (4), control (5).
    public var attributes: Int16 = 0
    /// The last record's offset minus `baseOffset`.
    public var lastOffsetDelta: Int32 = 0
    /// The first record's timestamp (milliseconds).
    public var baseTimestamp: Int64 = 0
    /// The largest timestamp in the batch.
    public var maxTimestamp: Int64 = 0
    /// The idempotent/transactional producer ID, or -1.
    public var producerId: Int64 = -1
    /// The producer epoch, or -1.
    public var producerEpoch: Int16 = -1
    /// The first record's producer sequence number, or -1.
    public var baseSequence: Int32 = -1
    /// The number of records.
    public var recordsCount: Int32 = 0

    /// A header with the defaults of a fresh, non-idempotent batch (all fields to be set).
    public init() {}

    /// The compression codec (attributes bits 0-2), or nil for the undefined values 5-7.
    public var compression: CompressionCodec? { CompressionCodec(rawValue: Int8(attributes & 0x7)) }
    /// Bit 3: timestamps are the broker's LogAppendTime rather than the producer's CreateTime.
    public var isLogAppendTime: Bool { attributes & 0x8 != 0 }
    /// Bit 4: the batch belongs to a transaction.
    public var isTransactional: Bool { attributes & 0x10 != 0 }
    /// Bit 5: the batch holds control records (transaction markers).
    public var isControl: Bool { attributes & 0x20 != 0 }

    /// The whole batch's size in bytes: `batchLength` plus the 12 bytes before it counts from.
    public var totalSize: Int { Int(batchLength) + Self.lengthPrefixSize }
    /// The offset of the batch's last record.
    public var lastOffset: Int64 { baseOffset &+ Int64(lastOffsetDelta) }
}

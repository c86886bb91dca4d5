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

    public var baseOffset: Int64 = 0
    public var batchLength: Int32 = 0
    public var partitionLeaderEpoch: Int32 = -1
    public var magic: Int8 = 2
    public var crc: UInt32 = 0
    public var attributes: Int16 = 0
    public var lastOffsetDelta: Int32 = 0
    public var baseTimestamp: Int64 = 0
    public var maxTimestamp: Int64 = 0
    public var producerId: Int64 = -1
    public var producerEpoch: Int16 = -1
    public var baseSequence: Int32 = -1
    public var recordsCount: Int32 = 0

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

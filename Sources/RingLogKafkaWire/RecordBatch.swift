import RingLogPlatform

/// One RecordBatch v2 borrowed from a records field (a Produce request's, a Fetch response's):
/// its parsed header and its bytes as a slice (no copy).
///
/// Parsing checks the magic byte, that `batchLength` covers the header and fits the input, and
/// (by default) the CRC-32C. Records are read lazily with `makeRecordIterator()`.
///
/// Thread-safety: a value type (`Sendable`). Complexity: parsing is O(batch size) with CRC
/// verification, O(1) without.
public struct RecordBatch: Sendable, Equatable {
    /// The parsed 61-byte header.
    public let header: RecordBatchHeader
    /// The whole batch, header included (`header.totalSize` bytes).
    public let bytes: ArraySlice<UInt8>

    /// Parses the batch at the start of `input`; bytes past it are not looked at.
    ///
    /// Throws `truncated` / `invalidBatchLength` if the batch doesn't fit, `unsupportedMagic`
    /// unless magic is 2, and `crcMismatch` when `verifyingCRC` and the CRC is wrong.
    public init(parsing input: ArraySlice<UInt8>, verifyingCRC: Bool = true) throws(KafkaWireError) {
        var reader = _WireReader(input)
        let header = try RecordBatchHeader(from: &reader)
        guard header.magic == 2 else { throw .unsupportedMagic(header.magic) }
        let total = header.totalSize
        guard total >= RecordBatchHeader.size, total <= input.count else {
            throw .invalidBatchLength(Int(header.batchLength))
        }
        self.header = header
        self.bytes = input[input.startIndex..<(input.startIndex + total)]
        if verifyingCRC {
            let computed = computedCRC
            guard computed == header.crc else { throw .crcMismatch(stored: header.crc, computed: computed) }
        }
    }

    /// Parses the batch at the start of `input`.
    public init(parsing input: [UInt8], verifyingCRC: Bool = true) throws(KafkaWireError) {
        try self.init(parsing: input[...], verifyingCRC: verifyingCRC)
    }

    /// The CRC-32C of the batch's bytes from `attributes` to the end (what `header.crc` should be).
    public var computedCRC: UInt32 { Self.crc(ofBatchBytes: bytes) }

    /// True when the stored CRC matches the bytes.
    public var hasValidCRC: Bool { computedCRC == header.crc }

    /// CRC-32C over `batch[attributesOffset...]`; `batch` holds one whole batch (≥ 21 bytes).
    static func crc(ofBatchBytes batch: ArraySlice<UInt8>) -> UInt32 {
        let covered = batch.dropFirst(RecordBatchHeader.attributesOffset)
        return covered.withUnsafeBytes { CRC32C.checksum($0) }
    }

    /// The records' bytes (after the 61-byte header).
    public var recordBytes: ArraySlice<UInt8> { bytes.dropFirst(RecordBatchHeader.size) }
}

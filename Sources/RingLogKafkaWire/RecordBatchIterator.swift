/// Iterates the concatenated batches of one records field (a Produce partition's records, a Fetch
/// partition's record set).
///
/// A Kafka broker may cut a fetch response's last batch short (at the partition's max bytes); with
/// `allowsPartialTrailingBatch` such a tail ends the iteration and is left in `partialTail`, the
/// way consumers treat it. Without it (produce), a partial batch throws.
///
/// Thread-safety: a value type; one per thread. Complexity: O(total size) with CRC checks.
public struct RecordBatchIterator {
    var remaining: ArraySlice<UInt8>
    let verifyingCRC: Bool
    let allowsPartialTrailingBatch: Bool

    /// The bytes of a batch cut short at the end, once iteration reached it (else nil).
    public private(set) var partialTail: ArraySlice<UInt8>?

    /// Iterates the batches in `records`, checking each CRC when `verifyingCRC`.
    public init(records: ArraySlice<UInt8>, verifyingCRC: Bool = true, allowsPartialTrailingBatch: Bool = false) {
        remaining = records
        self.verifyingCRC = verifyingCRC
        self.allowsPartialTrailingBatch = allowsPartialTrailingBatch
    }

    /// The next batch, nil at the end; throws on a damaged batch.
    public mutating func next() throws(KafkaWireError) -> RecordBatch? {
        guard !remaining.isEmpty else { return nil }
        if allowsPartialTrailingBatch, isPartial(remaining) {
            partialTail = remaining
            remaining = remaining[remaining.endIndex...]
            return nil
        }
        let batch = try RecordBatch(parsing: remaining, verifyingCRC: verifyingCRC)
        remaining = remaining.dropFirst(batch.bytes.count)
        return batch
    }

    /// Every batch in `records` (no partial tail allowed).
    public static func batches(in records: ArraySlice<UInt8>, verifyingCRC: Bool = true) throws(KafkaWireError) -> [RecordBatch] {
        var iterator = RecordBatchIterator(records: records, verifyingCRC: verifyingCRC)
        var batches: [RecordBatch] = []
        while let batch = try iterator.next() { batches.append(batch) }
        return batches
    }

    /// True when `bytes` is shorter than a header or than the batch its header announces.
    private func isPartial(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count >= RecordBatchHeader.lengthPrefixSize else { return true }
        var reader = _WireReader(bytes)
        _ = try? reader.readInt64()
        guard let length = try? reader.readInt32() else { return true }
        return Int(length) + RecordBatchHeader.lengthPrefixSize > bytes.count
    }
}

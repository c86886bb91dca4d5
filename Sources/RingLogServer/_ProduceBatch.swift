import RingLogKafkaWire

/// A RecordBatch v2 whose framing was checked (`KafkaBroker._validate`), read in place: a
/// scanner over its records.
struct _ProduceBatch {
    /// The batch's records.
    let records: _RecordScanner

    /// The batch at byte `start` of `raw` (its framing checked: the header fits and
    /// `batchLength` stays inside `raw`).
    init(_ raw: UnsafeRawBufferPointer, at start: Int) {
        func int<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
            T(bigEndian: raw.loadUnaligned(fromByteOffset: start + offset, as: T.self))
        }
        let totalSize = Int(int(8, Int32.self)) + RecordBatchHeader.lengthPrefixSize
        let first = start + RecordBatchHeader.size
        records = _RecordScanner(UnsafeRawBufferPointer(rebasing: raw[first..<(start + totalSize)]), count: Int(int(57, Int32.self)))
    }

    /// A record's absolute timestamp (ms): base + delta, or the batch's max under LogAppendTime.
    @inline(__always)
    static func timestamp(_ header: RecordBatchHeader, _ delta: Int64) -> Int64 {
        header.isLogAppendTime ? header.maxTimestamp : header.baseTimestamp &+ delta
    }
}

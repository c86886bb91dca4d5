import RingLogKafkaWire

/// A RecordBatch v2 whose framing was checked (`KafkaBroker._validate`), read in place: the
/// header fields the produce path needs and a scanner over its records.
struct _ProduceBatch {
    /// The fields of the 61-byte header the append uses.
    struct Header {
        var attributes: Int16
        var baseTimestamp: Int64
        var maxTimestamp: Int64
        var recordsCount: Int32
    }

    let header: Header
    /// The batch's bytes, header included.
    let totalSize: Int
    /// The batch's records.
    let records: _RecordScanner

    /// The batch at byte `start` of `raw` (its framing checked: the header fits and
    /// `batchLength` stays inside `raw`).
    init(_ raw: UnsafeRawBufferPointer, at start: Int) {
        func int<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
            T(bigEndian: raw.loadUnaligned(fromByteOffset: start + offset, as: T.self))
        }
        let length = Int(int(8, Int32.self))
        totalSize = length + RecordBatchHeader.lengthPrefixSize
        header = Header(attributes: int(21, Int16.self), baseTimestamp: int(27, Int64.self), maxTimestamp: int(35, Int64.self),
                        recordsCount: int(57, Int32.self))
        let first = start + RecordBatchHeader.size
        records = _RecordScanner(UnsafeRawBufferPointer(rebasing: raw[first..<(start + totalSize)]), count: Int(header.recordsCount))
    }

    /// A record's absolute timestamp (ms): base + delta, or the batch's max under LogAppendTime.
    @inline(__always)
    static func timestamp(_ header: RecordBatchHeader, _ delta: Int64) -> Int64 {
        header.isLogAppendTime ? header.maxTimestamp : header.baseTimestamp &+ delta
    }

    /// A record's absolute timestamp (ms) from the in-place header.
    @inline(__always)
    static func timestamp(_ header: Header, _ delta: Int64) -> Int64 {
        header.attributes & 0x8 != 0 ? header.maxTimestamp : header.baseTimestamp &+ delta
    }
}

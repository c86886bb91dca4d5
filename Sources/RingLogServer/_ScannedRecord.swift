/// One record `KafkaBroker._validate` read: where its key, value and headers are in the
/// partition's records field (byte offsets from its start; a request is at most `Int32.max`
/// bytes, `--max-request-bytes`) and its timestamp in ms, so the append copies them out
/// without parsing the batch a second time. 40 bytes.
struct _ScannedRecord {
    /// The absolute timestamp, ms (base + delta, or the batch's max under LogAppendTime).
    var timestamp: Int64
    var keyStart: Int32
    /// -1: a null key.
    var keyLength: Int32
    var valueStart: Int32
    /// -1: a null value.
    var valueLength: Int32
    var headersStart: Int32
    var headersEnd: Int32
    var headerCount: Int32

    /// `record`, read from the bytes that start `offset` bytes into the records field.
    @inline(__always)
    init(_ record: _RecordScanner.Record, at offset: Int, timestamp: Int64) {
        self.timestamp = timestamp
        keyStart = Int32(truncatingIfNeeded: offset + (record.key?.lowerBound ?? 0))
        keyLength = Int32(truncatingIfNeeded: record.key?.count ?? -1)
        valueStart = Int32(truncatingIfNeeded: offset + (record.value?.lowerBound ?? 0))
        valueLength = Int32(truncatingIfNeeded: record.value?.count ?? -1)
        headersStart = Int32(truncatingIfNeeded: offset + record.headers.lowerBound)
        headersEnd = Int32(truncatingIfNeeded: offset + record.headers.upperBound)
        headerCount = Int32(truncatingIfNeeded: record.headerCount)
    }

    /// The record's parts as a scanner over the whole records field reads them.
    @inline(__always)
    var parts: _RecordScanner.Record {
        _RecordScanner.Record(
            timestampDelta: 0, offsetDelta: 0,
            key: keyLength < 0 ? nil : Int(keyStart)..<(Int(keyStart) + Int(keyLength)),
            value: valueLength < 0 ? nil : Int(valueStart)..<(Int(valueStart) + Int(valueLength)),
            headers: Int(headersStart)..<Int(headersEnd), headerCount: Int(headerCount))
    }
}

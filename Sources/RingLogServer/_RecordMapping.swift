import RingLog
import RingLogKafkaWire

/// How a Kafka record maps to an engine record and back: key and value bytes as they are (a
/// null key stays null, a null value is an engine tombstone, `Record.hasNullValue`), headers
/// as `RecordHeader`s (UTF-8 names; a null header value is stored empty), the timestamp in
/// milliseconds as nanoseconds (× 10⁶).
enum _RecordMapping {
    /// `milliseconds` in nanoseconds, or nil when that overflows Int64 (about ±292 years).
    @inline(__always)
    static func nanoseconds(_ milliseconds: Int64) -> Int64? {
        let (ns, overflow) = milliseconds.multipliedReportingOverflow(by: 1_000_000)
        return overflow ? nil : ns
    }

    /// `nanoseconds` in whole milliseconds, rounded down (so -1 ms, Kafka's "no timestamp", comes back).
    @inline(__always)
    static func milliseconds(_ nanoseconds: Int64) -> Int64 {
        let (q, r) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000)
        return r < 0 ? q - 1 : q
    }

    /// The record's headers as the engine stores them (no allocation when it has none).
    static func headers(_ record: _RecordScanner.Record, in scanner: _RecordScanner) -> [RecordHeader] {
        if record.headerCount == 0 { return [] }
        var headers: [RecordHeader] = []
        headers.reserveCapacity(record.headerCount)
        scanner.forEachHeader(of: record) { key, value in
            headers.append(RecordHeader(name: String(decoding: key, as: UTF8.self), value: value.map { Array($0) } ?? []))
        }
        return headers
    }

    /// Bytes the record takes in the ring. Sized as if every record had the frame's header
    /// extension (`checksum: true`), which a record more than 2^31 ns from its engine batch's
    /// first needs: a Kafka batch may span any time.
    static func frameSize(_ record: _RecordScanner.Record, in scanner: _RecordScanner, limit: Int) throws(RingLogError) -> Int {
        try BatchAppender.frameSize(keyLength: record.key?.count, valueLength: record.value?.count ?? 0,
                                    headers: headers(record, in: scanner), checksum: true, limit: limit)
    }

    /// Appends `record` (read by `scanner`) with its absolute `timestamp` in ms (checked by the
    /// caller's validation).
    @inline(__always)
    static func append(_ record: _RecordScanner.Record, in scanner: _RecordScanner, timestamp: Int64,
                       to appender: inout BatchAppender) throws(RingLogError) {
        let ns = nanoseconds(timestamp) ?? 0
        let headers = headers(record, in: scanner)
        guard let valueRange = record.value else {
            let key = record.key.map(scanner.slice)
            if let key {
                try appender.appendTombstone(key: RawSpan(_unsafeBytes: key), headers: headers, timestamp: ns)
            } else {
                try appender.appendTombstone(key: nil, headers: headers, timestamp: ns)
            }
            return
        }
        let value = scanner.slice(valueRange)
        if let key = record.key {
            try appender.append(value: RawSpan(_unsafeBytes: value), key: RawSpan(_unsafeBytes: scanner.slice(key)),
                                headers: headers, timestamp: ns)
        } else {
            try appender.append(value: RawSpan(_unsafeBytes: value), key: nil, headers: headers, timestamp: ns)
        }
    }
}

extension RecordBatch {
    /// An iterator over the batch's records, each parsed on demand and bounds-checked.
    ///
    /// Throws `compressedRecords` for compressed batches (this module doesn't decompress), and
    /// `malformedRecord` when a record overruns its declared length or the batch's end, or the
    /// batch holds a different number of records than `recordsCount`.
    public func makeRecordIterator() throws(KafkaWireError) -> RecordIterator {
        guard header.compression == CompressionCodec.none else {
            throw .compressedRecords(codec: Int8(header.attributes & 0x7))
        }
        return RecordIterator(reader: _WireReader(recordBytes), remainingCount: Int(header.recordsCount))
    }

    /// All records (a convenience over `makeRecordIterator()`; the slices still borrow the batch).
    ///
    /// Complexity: O(batch size).
    public func records() throws(KafkaWireError) -> [BatchRecord] {
        var iterator = try makeRecordIterator()
        var records: [BatchRecord] = []
        records.reserveCapacity(min(Int(max(header.recordsCount, 0)), recordBytes.count))
        while let record = try iterator.next() { records.append(record) }
        return records
    }

    /// Iterates a batch's records (see `makeRecordIterator()`).
    ///
    /// Thread-safety: a value type; one per thread.
    public struct RecordIterator {
        var reader: _WireReader
        var remainingCount: Int

        init(reader: _WireReader, remainingCount: Int) {
            self.reader = reader
            self.remainingCount = remainingCount
        }

        /// The next record, or nil after the last; throws on malformed records.
        public mutating func next() throws(KafkaWireError) -> BatchRecord? {
            guard remainingCount > 0 else {
                guard reader.remaining == 0, remainingCount == 0 else { throw .malformedRecord }
                return nil
            }
            remainingCount -= 1
            do {
                let length = Int(try reader.readVarint())
                guard length >= 0, length <= reader.remaining else { throw KafkaWireError.malformedRecord }
                let body = reader.storage[try reader.take(length)]
                var recordReader = _WireReader(body)
                let record = try Self.parseRecord(&recordReader)
                guard recordReader.remaining == 0 else { throw KafkaWireError.malformedRecord }
                return record
            } catch {
                throw .malformedRecord
            }
        }

        static func parseRecord(_ reader: inout _WireReader) throws(KafkaWireError) -> BatchRecord {
            let attributes = try reader.readInt8()
            let timestampDelta = try reader.readVarlong()
            let offsetDelta = try reader.readVarint()
            let key = try readVarintBytes(&reader)
            let value = try readVarintBytes(&reader)
            let headerCount = Int(try reader.readVarint())
            guard headerCount >= 0, headerCount <= reader.remaining else { throw .malformedRecord }
            var headers: [BatchRecord.Header] = []
            headers.reserveCapacity(headerCount)
            for _ in 0..<headerCount {
                guard let headerKey = try readVarintBytes(&reader) else { throw .malformedRecord }
                headers.append(BatchRecord.Header(key: headerKey, value: try readVarintBytes(&reader)))
            }
            return BatchRecord(attributes: attributes, timestampDelta: timestampDelta, offsetDelta: offsetDelta,
                               key: key, value: value, headers: headers)
        }

        /// A zig-zag varint length (-1: nil) then that many bytes, as a slice.
        static func readVarintBytes(_ reader: inout _WireReader) throws(KafkaWireError) -> ArraySlice<UInt8>? {
            let length = Int(try reader.readVarint())
            if length == -1 { return nil }
            try reader.checkLength(length)
            return reader.storage[try reader.take(length)]
        }
    }
}

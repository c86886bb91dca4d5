import RingLog
import RingLogKafkaWire
import RingLogPlatform

/// Encodes engine records as uncompressed RecordBatch v2 for a Fetch response: one Kafka batch
/// per chunk of the engine's `fetchChunks` (at most 64 KiB of ring frames), written straight into one
/// `_ByteStore` (no per-record allocation for records without headers), within a byte limit.
///
/// Each batch: baseOffset = its first record's offset, offset deltas 0, 1, 2, ..., CreateTime
/// timestamps in ms (base = the first record's, deltas from it), producer ID/epoch/sequence -1,
/// partition leader epoch -1, CRC-32C over attributes to the end: what `RecordBatchBuilder`
/// writes for the same records, so a produced batch of such records comes back byte for byte.
///
/// Thread-safety: a value; one per fetch.
struct _FetchEncoder {
    /// The record set so far.
    let store: _ByteStore
    /// The most bytes the record set may take.
    let limit: Int
    /// Whether the first record goes out even over `limit` (the response holds nothing yet:
    /// Kafka returns at least one record so a consumer can always make progress).
    let mustTakeOne: Bool

    init(limit: Int, mustTakeOne: Bool) {
        self.limit = max(0, limit)
        self.mustTakeOne = mustTakeOne
        store = _ByteStore(capacity: min(self.limit, 64 << 10))
    }

    /// Encodes the records of partition `log` from `offset` up to `highWatermark` (within the
    /// limit), with one index lookup for the whole record set. Throws OFFSET_OUT_OF_RANGE's
    /// cause when the first chunk found its records overwritten (a later chunk that loses the
    /// race ends the record set early instead).
    static func records(of log: PartitionLog, from offset: Int64, highWatermark: Int64, limit: Int, mustTakeOne: Bool) throws(RingLogError) -> [UInt8] {
        let encoder = _FetchEncoder(limit: limit, mustTakeOne: mustTakeOne)
        guard offset < highWatermark else { return [] }
        // Up to the high watermark the response reports, not one published since.
        let records = Int(clamping: highWatermark - offset)
        _ = try log.fetchChunks(from: offset, maxRecords: records) { batch in encoder.add(batch) }
        return encoder.store.array
    }

    /// Appends the records of `batch` that fit as one RecordBatch v2; returns how many.
    func add(_ batch: RingLog.RecordBatch) -> Int {
        let start = store.count
        var count: Int32 = 0
        var baseTimestamp: Int64 = 0
        var maxTimestamp: Int64 = -1
        var records = batch.makeIterator()
        while let record = records.next() {
            let timestamp = _RecordMapping.milliseconds(record.timestamp)
            if count == 0 { baseTimestamp = timestamp }
            // Headers are decoded only when there are some (no array, no reference counting otherwise).
            let headers: [RecordHeader]? = record.hasHeaders ? record.headers : nil
            let keyLength = record.keyLength
            let valueLength = record.valueLength
            // A tombstone's value goes out null (length -1), as it came in (only an empty value can be one).
            let wireValueLength = valueLength != 0 ? Int64(valueLength) : Self.emptyValueLength(record)
            let delta = timestamp &- baseTimestamp
            var body = 1 + Self.varlongSize(delta) + Self.varintSize(Int64(count))
            body += Self.varintSize(Int64(keyLength ?? -1)) + (keyLength ?? 0)
            body += Self.varintSize(wireValueLength) + valueLength
            body += Self.varintSize(Int64(headers?.count ?? 0))
            if let headers {
                for h in headers {
                    body += Self.varintSize(Int64(h.name.utf8.count)) + h.name.utf8.count + Self.varintSize(Int64(h.value.count)) + h.value.count
                }
            }
            let size = Self.varintSize(Int64(body)) + body + (count == 0 ? RecordBatchHeader.size : 0)
            if store.count + size > limit && !(mustTakeOne && store.count == 0) {
                break
            }
            store.reserve(size)
            if count == 0 { store.appendZeros(RecordBatchHeader.size) }
            maxTimestamp = Swift.max(maxTimestamp, timestamp)
            var out = store.cursor()
            out.putVarint(Int64(body))
            out.put(0) // attributes
            out.putVarint(delta)
            out.putVarint(Int64(count))
            if let keyLength {
                out.putVarint(Int64(keyLength))
                record.key.withUnsafeBytes { out.put($0) }
            } else {
                out.putVarint(-1)
            }
            out.putVarint(wireValueLength)
            record.withUnsafeValueBytes { out.put($0) }
            out.putVarint(Int64(headers?.count ?? 0))
            if let headers {
                for h in headers {
                    var name = h.name
                    out.putVarint(Int64(name.utf8.count))
                    name.withUTF8 { out.put(UnsafeRawBufferPointer($0)) }
                    out.putVarint(Int64(h.value.count))
                    h.value.withUnsafeBytes { out.put($0) }
                }
            }
            store.commit(out)
            count += 1
        }
        guard count > 0 else { return 0 }
        finishHeader(at: start, firstOffset: batch.firstOffset, count: count, baseTimestamp: baseTimestamp, maxTimestamp: maxTimestamp)
        return Int(count)
    }

    /// Fills in the 61-byte header of the batch at `start` and its CRC.
    private func finishHeader(at start: Int, firstOffset: Int64, count: Int32, baseTimestamp: Int64, maxTimestamp: Int64) {
        let total = store.count - start
        do {
            let b = UnsafeMutableRawBufferPointer(start: store.base + start, count: total)
            b.storeBytes(of: firstOffset.bigEndian, toByteOffset: 0, as: Int64.self)
            b.storeBytes(of: Int32(total - RecordBatchHeader.lengthPrefixSize).bigEndian, toByteOffset: 8, as: Int32.self)
            b.storeBytes(of: Int32(-1).bigEndian, toByteOffset: 12, as: Int32.self) // partition leader epoch: unknown
            b.storeBytes(of: UInt8(2), toByteOffset: 16, as: UInt8.self) // magic
            b.storeBytes(of: Int16(0).bigEndian, toByteOffset: 21, as: Int16.self) // attributes: CreateTime, uncompressed
            b.storeBytes(of: (count - 1).bigEndian, toByteOffset: 23, as: Int32.self) // last offset delta
            b.storeBytes(of: baseTimestamp.bigEndian, toByteOffset: 27, as: Int64.self)
            b.storeBytes(of: maxTimestamp.bigEndian, toByteOffset: 35, as: Int64.self)
            b.storeBytes(of: Int64(-1).bigEndian, toByteOffset: 43, as: Int64.self) // producer ID
            b.storeBytes(of: Int16(-1).bigEndian, toByteOffset: 51, as: Int16.self) // producer epoch
            b.storeBytes(of: Int32(-1).bigEndian, toByteOffset: 53, as: Int32.self) // base sequence
            b.storeBytes(of: count.bigEndian, toByteOffset: 57, as: Int32.self)
            let covered = UnsafeRawBufferPointer(rebasing: b[RecordBatchHeader.attributesOffset...])
            let crc = CRC32C.checksum(covered)
            b.storeBytes(of: crc.bigEndian, toByteOffset: RecordBatchHeader.crcOffset, as: UInt32.self)
        }
    }

    /// The wire length of an empty value: -1 for a tombstone (a null value), else 0. Out of line:
    /// the common record never asks.
    @inline(never)
    static func emptyValueLength(_ record: borrowing Record) -> Int64 { record.hasNullValue ? -1 : 0 }

    /// Bytes of `value` as a zig-zag varint.
    static func varintSize(_ value: Int64) -> Int {
        let zigzag = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        return zigzag == 0 ? 1 : (64 - zigzag.leadingZeroBitCount + 6) / 7
    }

    /// Bytes of `value` as a zig-zag varlong (the same encoding).
    static func varlongSize(_ value: Int64) -> Int { varintSize(value) }
}

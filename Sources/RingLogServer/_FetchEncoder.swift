import RingLog
import RingLogKafkaWire
import RingLogPlatform

/// Encodes engine records as uncompressed RecordBatch v2 for a Fetch response: one Kafka batch
/// per engine fetch (at most 500 records or 64 KiB of ring frames), written straight into one
/// byte array (no per-record allocation for records without headers), within a byte limit.
///
/// Each batch: baseOffset = its first record's offset, offset deltas 0, 1, 2, ..., CreateTime
/// timestamps in ms (base = the first record's, deltas from it), producer ID/epoch/sequence -1,
/// partition leader epoch -1, CRC-32C over attributes to the end: what `RecordBatchBuilder`
/// writes for the same records, so a produced batch of such records comes back byte for byte.
///
/// Thread-safety: a value; one per fetch.
struct _FetchEncoder {
    /// The record set so far.
    private(set) var bytes: [UInt8] = []
    /// The most bytes the record set may take.
    let limit: Int
    /// Whether the first record goes out even over `limit` (the response holds nothing yet:
    /// Kafka returns at least one record so a consumer can always make progress).
    let mustTakeOne: Bool
    /// True once a record did not fit.
    private(set) var isFull = false

    init(limit: Int, mustTakeOne: Bool) {
        self.limit = max(0, limit)
        self.mustTakeOne = mustTakeOne
    }

    /// Encodes the records of partition `log` from `offset` up to `highWatermark` (within the
    /// limit). Throws OFFSET_OUT_OF_RANGE's cause when the first read found its records
    /// overwritten (a later read that loses the race ends the record set early instead).
    static func records(of log: PartitionLog, from offset: Int64, highWatermark: Int64, limit: Int, mustTakeOne: Bool) throws(RingLogError) -> [UInt8] {
        var encoder = _FetchEncoder(limit: limit, mustTakeOne: mustTakeOne)
        var next = offset
        while next < highWatermark && !encoder.isFull {
            let want = Int(min(highWatermark - next, 500))
            let taken: Int
            do {
                taken = try log.fetch(from: next, maxRecords: want) { batch in encoder.add(batch) }
            } catch {
                if encoder.bytes.isEmpty { throw error }
                break
            }
            if taken == 0 { break }
            next += Int64(taken)
        }
        return encoder.bytes
    }

    /// Appends the records of `batch` that fit as one RecordBatch v2; returns how many.
    mutating func add(_ batch: RingLog.RecordBatch) -> Int {
        let start = bytes.count
        var count: Int32 = 0
        var baseTimestamp: Int64 = 0
        var maxTimestamp: Int64 = -1
        for record in batch {
            let timestamp = _RecordMapping.milliseconds(record.timestamp)
            if count == 0 { baseTimestamp = timestamp }
            let headers = record.headers
            let keyLength = record.keyLength
            let valueLength = record.valueLength
            let delta = timestamp &- baseTimestamp
            var body = 1 + Self.varlongSize(delta) + Self.varintSize(Int64(count))
            body += Self.varintSize(Int64(keyLength ?? -1)) + (keyLength ?? 0)
            body += Self.varintSize(Int64(valueLength)) + valueLength
            body += Self.varintSize(Int64(headers.count))
            for h in headers {
                body += Self.varintSize(Int64(h.name.utf8.count)) + h.name.utf8.count + Self.varintSize(Int64(h.value.count)) + h.value.count
            }
            let size = Self.varintSize(Int64(body)) + body + (count == 0 ? RecordBatchHeader.size : 0)
            if bytes.count + size > limit && !(mustTakeOne && bytes.isEmpty) {
                isFull = true
                break
            }
            if count == 0 { bytes.append(contentsOf: repeatElement(0, count: RecordBatchHeader.size)) }
            maxTimestamp = Swift.max(maxTimestamp, timestamp)
            writeVarint(Int64(body))
            bytes.append(0) // attributes
            writeVarint(delta)
            writeVarint(Int64(count))
            if let keyLength {
                writeVarint(Int64(keyLength))
                record.key.withUnsafeBytes { bytes.append(contentsOf: $0) }
            } else {
                writeVarint(-1)
            }
            writeVarint(Int64(valueLength))
            record.withUnsafeValueBytes { bytes.append(contentsOf: $0) }
            writeVarint(Int64(headers.count))
            for h in headers {
                writeVarint(Int64(h.name.utf8.count))
                bytes.append(contentsOf: h.name.utf8)
                writeVarint(Int64(h.value.count))
                bytes.append(contentsOf: h.value)
            }
            count += 1
        }
        guard count > 0 else { return 0 }
        finishHeader(at: start, firstOffset: batch.firstOffset, count: count, baseTimestamp: baseTimestamp, maxTimestamp: maxTimestamp)
        return Int(count)
    }

    /// Fills in the 61-byte header of the batch at `start` and its CRC.
    private mutating func finishHeader(at start: Int, firstOffset: Int64, count: Int32, baseTimestamp: Int64, maxTimestamp: Int64) {
        let total = bytes.count - start
        bytes.withUnsafeMutableBytes { raw in
            let b = UnsafeMutableRawBufferPointer(rebasing: raw[start...])
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

    /// Appends a zig-zag varint (Kafka's record varints and varlongs share the encoding).
    private mutating func writeVarint(_ value: Int64) {
        var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: rest))
    }

    /// Bytes of `value` as a zig-zag varint.
    static func varintSize(_ value: Int64) -> Int {
        let zigzag = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        return zigzag == 0 ? 1 : (64 - zigzag.leadingZeroBitCount + 6) / 7
    }

    /// Bytes of `value` as a zig-zag varlong (the same encoding).
    static func varlongSize(_ value: Int64) -> Int { varintSize(value) }
}

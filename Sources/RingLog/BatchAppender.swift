import RingLogPlatform

/// Writes records straight into a reserved region of the ring. Obtained from
/// `PartitionLog.appendBatch(maxBytes:_:)`; valid only inside that closure.
///
/// Thread-safety: belongs to the appending thread.
public struct BatchAppender: ~Copyable {
    /// Where the reservation starts in the ring (its batch header).
    @usableFromInline let start: UnsafeMutableRawPointer
    @usableFromInline let reserved: Int
    @usableFromInline let baseOffset: Int64
    @usableFromInline let maxRecordBytes: Int
    /// The frame-word flags every record of this partition carries (checksum, which needs the
    /// extension, and LogAppendTime): `PartitionLog.recordFlags`.
    @usableFromInline let partitionFlags: UInt32
    /// The clock reading records without a timestamp (or all, under LogAppendTime) get: one per batch.
    @usableFromInline var clockTimestamp: Int64 = .min
    /// The first record's timestamp, stored in the batch header; records store their delta to it.
    @usableFromInline var baseTimestamp: Int64 = 0
    /// Bytes used: the batch header (written with the first record), the records so far.
    @usableFromInline var used = 0
    /// What records may fill: 0 until the first record opens the batch, then `reserved`. So the
    /// hot path's one room check also sends the first record to `_appendSlow`.
    @usableFromInline var limit = 0
    @usableFromInline var _count = 0
    /// Records appended so far in this batch.
    @inlinable public var count: Int { _count }

    @inlinable
    init(start: UnsafeMutableRawPointer, reserved: Int, baseOffset: Int64,
         partitionFlags: UInt32, maxRecordBytes: Int) {
        self.start = start
        self.reserved = reserved
        self.baseOffset = baseOffset
        self.maxRecordBytes = maxRecordBytes
        self.partitionFlags = partitionFlags
    }

    /// Reserved bytes not yet used by records (the batch header, written with the first record,
    /// has its own room in the reservation).
    @inlinable public var remainingBytes: Int { reserved &- (used < _Frame.batchHeaderSize ? _Frame.batchHeaderSize : used) }

    /// Bytes one record takes in the ring (header, key, value, headers, padding to 8; at least
    /// 32); a batch's reservation is the sum over its records (the engine adds its batch header).
    /// `checksum`: whether the partition stores a checksum per record (it takes the 16-byte
    /// header extension that a key or headers take too); leave it true when unsure, a reservation
    /// may be larger than what it holds. A record whose timestamp lies more than 2^31 ns (about
    /// 2.1 s) from its batch's first record's also takes the extension: size such batches with
    /// `checksum: true`.
    /// - Throws: `.headerTooLarge` / `.recordTooLarge` when it cannot be stored at all.
    @inlinable
    public static func frameSize(keyLength: Int?, valueLength: Int, headers: [RecordHeader] = [], checksum: Bool = true,
                                 limit: Int = .max) throws(RingLogError) -> Int {
        if valueLength < 0 || keyLength ?? 0 < 0 {
            throw .invalidArgument("lengths must not be negative, got key \(keyLength ?? 0), value \(valueLength)")
        }
        let h = try headersLength(headers)
        let max = min(limit, _Frame.maximumLength)
        let extended = checksum || keyLength != nil || h != 0
        // Saturating: a huge length must not wrap the sum around to something that fits.
        let (partial, o1) = (_Frame.bodyOffset(extended: extended) &+ h).addingReportingOverflow(keyLength ?? 0)
        let (sum, o2) = partial.addingReportingOverflow(valueLength)
        let size = o1 || o2 ? Int.max : sum
        if size > max { throw .recordTooLarge(size: size, limit: max) }
        return _Frame.stride(size)
    }

    /// The encoded size of `headers`.
    @inlinable
    static func headersLength(_ headers: [RecordHeader]) throws(RingLogError) -> Int {
        if headers.isEmpty { return 0 }
        return try _headersLengthSlow(headers)
    }

    @usableFromInline
    static func _headersLengthSlow(_ headers: [RecordHeader]) throws(RingLogError) -> Int {
        guard headers.count <= Int(UInt16.max) else {
            throw .headerTooLarge(name: "(\(headers.count) headers)", size: headers.count, limit: Int(UInt16.max))
        }
        var total = 0
        for header in headers {
            let n = header.name.utf8.count
            if n > Int(UInt16.max) { throw .headerTooLarge(name: String(header.name.prefix(32)), size: n, limit: Int(UInt16.max)) }
            if header.value.count > Int(Int32.max) { throw .headerTooLarge(name: header.name, size: header.value.count, limit: Int(Int32.max)) }
            total &+= _Frame.headerEntryOverhead &+ n &+ header.value.count
        }
        if total > _Frame.maximumLength { throw .headerTooLarge(name: "(all \(headers.count) headers)", size: total, limit: _Frame.maximumLength) }
        return total
    }

    /// Appends one record, copying `value` (and `key`) into the ring.
    /// - Throws: `.recordTooLarge`, `.headerTooLarge`, `.reservationExhausted`; nothing is
    ///   written then and the batch may go on.
    /// - Complexity: O(record size), no allocation.
    @inlinable @inline(__always)
    public mutating func append(value: RawSpan, key: RawSpan? = nil, headers: [RecordHeader] = [], timestamp: Int64? = nil) throws(RingLogError) {
        let valueLength = value.byteCount
        try _append(keyLength: key?.byteCount, valueLength: valueLength, headers: headers, timestamp: timestamp) { body in
            if let key {
                key.withUnsafeBytes { _copy(body, $0.baseAddress, $0.count) }
            }
            value.withUnsafeBytes { _copy(body + (key?.byteCount ?? 0), $0.baseAddress, valueLength) }
            return valueLength
        }
    }

    /// Appends one record whose value is null, not empty: a tombstone, as Kafka calls a record
    /// that deletes its key (readers see `Record.hasNullValue`). It always takes the 16-byte
    /// header extension: size it with `frameSize(keyLength:valueLength: 0, headers:checksum: true)`.
    /// - Throws: as `append(value:key:headers:timestamp:)`; nothing is written then.
    /// - Complexity: O(record size), no allocation.
    @inlinable
    public mutating func appendTombstone(key: RawSpan?, headers: [RecordHeader] = [], timestamp: Int64? = nil) throws(RingLogError) {
        let headersLength = try Self.headersLength(headers)
        let ts = _resolvedTimestamp(timestamp)
        try _appendSlow(keyLength: key?.byteCount, valueLength: 0, headers: headers, headersLength: headersLength,
                        timestamp: ts, plain: false, nullValue: true) { body in
            if let key {
                key.withUnsafeBytes { _copy(body, $0.baseAddress, $0.count) }
            }
            return 0
        }
    }

    /// Appends one record given as byte arrays. See `append(value:key:headers:timestamp:)`.
    @inlinable
    public mutating func append(value: [UInt8], key: [UInt8]? = nil, headers: [RecordHeader] = [], timestamp: Int64? = nil) throws(RingLogError) {
        if let key {
            try append(value: value.span.bytes, key: key.span.bytes, headers: headers, timestamp: timestamp)
        } else {
            try append(value: value.span.bytes, key: nil, headers: headers, timestamp: timestamp)
        }
    }

    /// Appends one record whose value `writeValue` writes in place (zero copy): it gets an
    /// `OutputRawSpan` of `valueCapacity` bytes over the ring; the value is what it appends.
    @inlinable @inline(__always)
    public mutating func append(
        valueCapacity: Int, key: RawSpan? = nil, headers: [RecordHeader] = [], timestamp: Int64? = nil,
        writeValue: (inout OutputRawSpan) -> Void
    ) throws(RingLogError) {
        try _append(keyLength: key?.byteCount, valueLength: valueCapacity, headers: headers, timestamp: timestamp) { body in
            let keyLength = key?.byteCount ?? 0
            if let key {
                key.withUnsafeBytes { _copy(body, $0.baseAddress, $0.count) }
            }
            return _Frame.writeValue(at: body + keyLength, capacity: valueCapacity, writeValue)
        }
    }

    /// Writes one frame: `writeBody` (key and value at the body pointer; returns the value
    /// length), then the header, extension, headers, checksum and index entry. The first
    /// record opens the batch (`_appendSlow`): its header goes first and takes the record's
    /// timestamp.
    @inlinable @inline(__always)
    mutating func _append(
        keyLength: Int?, valueLength capacity: Int, headers: [RecordHeader], timestamp: Int64?,
        writeBody: (UnsafeMutableRawPointer) -> Int
    ) throws(RingLogError) {
        let headersLength = try Self.headersLength(headers)
        let ts = _resolvedTimestamp(timestamp)
        let plain = partitionFlags & _Frame.extensionFlag == 0 && keyLength == nil && headersLength == 0
        let delta = ts &- baseTimestamp
        // The hot path: a plain record (8-byte header, nothing else) whose delta fits, in an
        // open batch with room. A record that fits the rest of the reservation (itself at most
        // maxBatchBytes plus the batch header) and the frame's length bits is within every
        // limit. `capacity` is checked against the frame limit before the sum is, so the sum
        // cannot wrap; in a loop of appends of one capacity all but the last comparison is
        // loop-invariant. Before the batch is open the room is 0.
        let maxSize = _Frame.headerSize &+ capacity
        if plain && _Frame.fitsHeader(timestampDelta: delta) && capacity >= 0 && capacity <= _Frame.maximumLength
            && maxSize <= _Frame.maximumLength && _Frame.stride(maxSize) <= limit &- used {
            _writePlain(delta: delta, capacity: capacity, writeBody: writeBody)
            return
        }
        try _appendSlow(keyLength: keyLength, valueLength: capacity, headers: headers, headersLength: headersLength,
                        timestamp: ts, plain: plain, writeBody: writeBody)
    }

    /// The timestamp a record gets: `timestamp` under CreateTime, else (LogAppendTime, or none
    /// given) the batch's clock reading, taken once per batch.
    @inlinable @inline(__always)
    mutating func _resolvedTimestamp(_ timestamp: Int64?) -> Int64 {
        if partitionFlags & _Frame.logAppendTimeFlag != 0 || timestamp == nil {
            if clockTimestamp == .min { clockTimestamp = wallClockNanoseconds() }
            return clockTimestamp
        }
        return timestamp.unsafelyUnwrapped
    }

    /// Writes a plain record with a value of at most `capacity` bytes (room checked) at `used`.
    @inlinable @inline(__always)
    mutating func _writePlain(delta: Int64, capacity: Int, writeBody: (UnsafeMutableRawPointer) -> Int) {
        let length = _Frame.writePlainRecord(start + used, capacity: capacity, flags: partitionFlags, timestampDelta: delta, writeBody)
        used &+= _Frame.stride(length)
        _count &+= 1
    }

    /// Opens the batch before its first record: writes the batch header (base offset, stamped
    /// again at publication when several producers share the partition; base timestamp
    /// `timestamp`) into the room the reservation keeps for it, and lets records fill the rest.
    @inlinable @inline(__always)
    mutating func _open(timestamp: Int64) {
        baseTimestamp = timestamp
        _Frame.storeBatchHeader(start, baseOffset: baseOffset, baseTimestamp: timestamp)
        used = _Frame.batchHeaderSize
        limit = reserved
    }

    /// Everything but the hot path: the batch's first record (which opens it: writes the batch
    /// header with the record's timestamp into the room the reservation keeps for it; if the
    /// record then fails, the next one writes the header again), records with the 16-byte
    /// extension (a key, headers, a checksum, or a timestamp more than 2^31 ns from the
    /// batch's base), and errors.
    @inlinable @inline(__always)
    mutating func _appendSlow(
        keyLength: Int?, valueLength capacity: Int, headers: [RecordHeader], headersLength: Int, timestamp ts: Int64,
        plain: Bool, nullValue: Bool = false, writeBody: (UnsafeMutableRawPointer) -> Int
    ) throws(RingLogError) {
        if limit == 0 { _open(timestamp: ts) }
        let delta = ts &- baseTimestamp
        let extended = !plain || !_Frame.fitsHeader(timestampDelta: delta)
        let keyBytes = keyLength ?? 0
        let bodyOffset = _Frame.bodyOffset(extended: extended)
        // As on the hot path; key and headers lengths are bounded by their own checks.
        let maxSize = bodyOffset &+ keyBytes &+ capacity &+ headersLength
        if capacity < 0 || capacity > _Frame.maximumLength || maxSize > _Frame.maximumLength || _Frame.stride(maxSize) > limit &- used {
            throw _appendError(capacity: capacity, maxSize: maxSize)
        }
        if !extended { return _writePlain(delta: delta, capacity: capacity, writeBody: writeBody) }
        let frame = start + used
        let valueLength = writeBody(frame + bodyOffset)
        let frameLength = bodyOffset &+ keyBytes &+ valueLength &+ headersLength
        let word = UInt32(truncatingIfNeeded: frameLength) | partitionFlags | _Frame.extensionFlag
        _Frame.storeHeader(frame, word: word, timestampDelta: delta)
        let keyField = keyLength == nil ? UInt32.max : UInt32(truncatingIfNeeded: keyBytes)
        frame.storeBytes(of: UInt64(keyField) &<< 32, toByteOffset: _Frame.checksumOffset, as: UInt64.self) // checksum 0 for now
        let high = UInt64(truncatingIfNeeded: delta) & 0xFFFF_FFFF_0000_0000
        let headersField = UInt64(truncatingIfNeeded: headersLength) | (nullValue ? UInt64(_Frame.nullValueFlag) : 0)
        frame.storeBytes(of: headersField | high, toByteOffset: _Frame.headersLengthOffset, as: UInt64.self)
        if headersLength != 0 {
            Self._writeHeaders(headers, to: frame + bodyOffset + keyBytes + valueLength)
        }
        if partitionFlags & _Frame.checksumFlag != 0 {
            let crc = _Frame.checksum(UnsafeRawPointer(frame), length: frameLength, timestamp: ts)
            frame.storeBytes(of: crc, toByteOffset: _Frame.checksumOffset, as: UInt32.self)
        }
        used &+= _Frame.stride(frameLength)
        _count &+= 1
    }

    /// Why a record of `capacity` value bytes (`maxSize` frame bytes, unless that wrapped) was refused.
    @usableFromInline
    func _appendError(capacity: Int, maxSize: Int, needed: Int? = nil) -> RingLogError {
        if capacity < 0 { return .invalidArgument("valueCapacity must not be negative, got \(capacity)") }
        if capacity > maxRecordBytes || maxSize > maxRecordBytes {
            return .recordTooLarge(size: capacity > maxRecordBytes ? capacity : maxSize, limit: maxRecordBytes)
        }
        return .reservationExhausted(needed: needed ?? _Frame.stride(maxSize), remaining: remainingBytes)
    }

    @usableFromInline
    static func _writeHeaders(_ headers: [RecordHeader], to pointer: UnsafeMutableRawPointer) {
        var p = pointer
        for header in headers {
            var name = header.name
            name.withUTF8 { utf8 in
                p.storeBytes(of: UInt16(utf8.count), as: UInt16.self) // unaligned-safe: storeBytes
                p.advanced(by: 2).storeBytes(of: UInt32(header.value.count), as: UInt32.self)
                p += _Frame.headerEntryOverhead
                _copy(p, UnsafeRawPointer(utf8.baseAddress), utf8.count)
                p += utf8.count
            }
            header.value.withUnsafeBytes { _copy(p, $0.baseAddress, $0.count) }
            p += header.value.count
        }
    }

    // MARK: multi-producer publication support

    /// Marks the whole reservation as padding (the batch failed; publish nothing).
    @usableFromInline
    mutating func discardAll() {
        used = 0
        limit = 0
        _count = 0
    }

    /// Fills `[used, end)` of the reservation with one padding frame so readers skip it.
    @inlinable @inline(__always)
    func pad(to end: Int) {
        // A batch without records pads over its header too (a failed append may have written it).
        let from = _count == 0 ? 0 : used
        let rest = end &- from
        if rest > 0 { _Frame.storePadding(start + from, length: rest) }
    }

    /// Single producer, after the last record: pads the batch out to the next publication
    /// boundary (see `_Frame.publicationAlignment`) and returns the bytes it now spans (none
    /// for a batch without records, whose header may have been written by a failed append).
    @inlinable @inline(__always)
    func padToPublicationBoundary() -> Int {
        _count == 0 ? 0 : _Frame.padToPublicationBoundary(start, used: used)
    }

    /// Stamps base offset `base` into this batch's header (several producers: the offsets are
    /// known only at publication).
    @usableFromInline
    func stampOffsets(base: Int64) {
        guard count > 0 else { return }
        start.storeBytes(of: UInt32(truncatingIfNeeded: base), toByteOffset: _Frame.batchBaseOffsetOffset, as: UInt32.self)
    }
}

/// Copies `count` bytes; small word-multiple copies stay inline instead of calling memcpy.
@inlinable @inline(__always)
func _copy(_ destination: UnsafeMutableRawPointer, _ source: UnsafeRawPointer?, _ count: Int) {
    guard let source, count > 0 else { return }
    if count <= 128 && count & 7 == 0 {
        var i = 0
        while i < count {
            destination.storeBytes(of: source.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i, as: UInt64.self)
            i &+= 8
        }
    } else {
        destination.copyMemory(from: source, byteCount: count)
    }
}

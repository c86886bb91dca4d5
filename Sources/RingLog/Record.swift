import RingLogPlatform

/// A Kafka record header: a name and bytes.
public struct RecordHeader: Sendable, Hashable {
    public var name: String
    public var value: [UInt8]
    public init(name: String, value: [UInt8]) {
        self.name = name
        self.value = value
    }
}

/// A borrowed view of one record in the ring: no copy, no allocation.
///
/// Valid only inside the `poll`/`fetch` closure that produced it: after the closure returns the
/// reader releases the space and a producer may overwrite it. In `overwrite` retention the
/// bytes may be overwritten *while* the closure runs; the poll then throws `offsetOutOfRange`
/// after the closure and whatever the closure computed must be discarded (seqlock contract).
@frozen
public struct Record {
    @usableFromInline let frame: UnsafeRawPointer
    /// The frame length the iterator validated against the batch bounds (at least the header
    /// size). Every length read from the frame is clamped inside it, so even a record torn by a
    /// concurrent overwrite (reported after the poll) never leads a read outside the ring.
    @usableFromInline let length: Int

    @inlinable init(frame: UnsafeRawPointer, length: Int) {
        self.frame = frame
        self.length = length
    }

    /// The record's offset in its partition.
    @inlinable public var offset: Int64 { frame.load(fromByteOffset: _Frame.offsetOffset, as: Int64.self) }
    /// Nanoseconds since the Unix epoch: CreateTime or LogAppendTime (see `timestampType`).
    @inlinable public var timestamp: Int64 { frame.load(fromByteOffset: _Frame.timestampOffset, as: Int64.self) }
    @inlinable public var timestampType: TimestampType {
        attributes & _Frame.attributeLogAppendTime != 0 ? .logAppendTime : .createTime
    }
    @inlinable var attributes: UInt16 { frame.load(fromByteOffset: _Frame.attributesOffset, as: UInt16.self) }
    @inlinable var rawKeyLength: UInt32 { frame.load(fromByteOffset: _Frame.keyLengthOffset, as: UInt32.self) }

    /// Key length in bytes, nil for a null key.
    @inlinable public var keyLength: Int? {
        let k = rawKeyLength
        return k == UInt32.max ? nil : min(Int(k), length &- _Frame.headerSize)
    }
    /// Value length in bytes.
    @inlinable public var valueLength: Int {
        let v = Int(frame.load(fromByteOffset: _Frame.valueLengthOffset, as: UInt32.self))
        return min(v, length &- _Frame.headerSize &- (keyLength ?? 0))
    }
    /// Number of headers.
    @inlinable public var headerCount: Int { Int(frame.load(fromByteOffset: _Frame.headerCountOffset, as: UInt16.self)) }

    @inlinable var keyStart: UnsafeRawPointer { frame + _Frame.headerSize }
    @inlinable var valueStart: UnsafeRawPointer { frame + _Frame.headerSize + (keyLength ?? 0) }

    /// The value bytes, borrowed from the ring.
    @inlinable public var value: RawSpan {
        @_lifetime(borrow self)
        get {
            let span = unsafe RawSpan(_unsafeStart: valueStart, byteCount: valueLength)
            return unsafe _overrideLifetime(span, borrowing: self)
        }
    }

    /// The key bytes, borrowed from the ring (empty for a null key; see `keyLength`).
    @inlinable public var key: RawSpan {
        @_lifetime(borrow self)
        get {
            let span = unsafe RawSpan(_unsafeStart: keyStart, byteCount: keyLength ?? 0)
            return unsafe _overrideLifetime(span, borrowing: self)
        }
    }

    /// Calls `body` with the value bytes as an unsafe buffer (for C APIs and hot loops).
    @inlinable
    public func withUnsafeValueBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: valueStart, count: valueLength))
    }

    /// A copy of the value.
    public var valueBytes: [UInt8] { Array(UnsafeRawBufferPointer(start: valueStart, count: valueLength)) }
    /// A copy of the key, nil for a null key.
    public var keyBytes: [UInt8]? {
        guard let n = keyLength else { return nil }
        return Array(UnsafeRawBufferPointer(start: keyStart, count: n))
    }

    /// The headers, decoded (allocates; not for hot paths).
    public var headers: [RecordHeader] {
        let count = headerCount
        guard count > 0 else { return [] }
        var result: [RecordHeader] = []
        result.reserveCapacity(count)
        var p = valueStart + valueLength
        let end = frame + length
        for _ in 0..<count {
            guard end - p >= _Frame.headerEntryOverhead else { break }
            let nameLength = Int(p.loadUnaligned(as: UInt16.self))
            let valueLength = Int(p.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
            p += _Frame.headerEntryOverhead
            guard end - p >= nameLength + valueLength else { break }
            let name = String(decoding: UnsafeRawBufferPointer(start: p, count: nameLength), as: UTF8.self)
            p += nameLength
            result.append(RecordHeader(name: name, value: Array(UnsafeRawBufferPointer(start: p, count: valueLength))))
            p += valueLength
        }
        return result
    }

    /// True when the record carries a CRC32C.
    @inlinable public var hasChecksum: Bool { attributes & _Frame.attributeChecksum != 0 }

    /// Recomputes the CRC32C and compares it with the stored one; true when the record carries
    /// no checksum. Detects torn or corrupted records. Complexity: O(record size).
    public var isChecksumValid: Bool {
        guard hasChecksum else { return true }
        let stored = frame.load(fromByteOffset: _Frame.checksumOffset, as: UInt32.self)
        return CRC32C.checksum(frame + _Frame.checksumStart, count: length - _Frame.checksumStart) == stored
    }
}

/// A borrowed view of consecutive records of one partition, as returned by a poll or fetch.
/// Iterating it is a tight loop over frames in place. Valid only inside the closure it was
/// passed to (see `Record`).
@frozen
public struct RecordBatch: Sequence {
    @usableFromInline let base: UnsafeRawPointer?
    /// Bytes the batch spans in the ring (frames and padding).
    public let byteCount: Int
    /// Number of records.
    public let count: Int
    /// Offset of the first record (the fetch position when empty).
    public let firstOffset: Int64

    @inlinable
    init(base: UnsafeRawPointer?, byteCount: Int, count: Int, firstOffset: Int64) {
        self.base = base
        self.byteCount = byteCount
        self.count = count
        self.firstOffset = firstOffset
    }

    @inlinable public var isEmpty: Bool { count == 0 }
    /// One past the last offset.
    @inlinable public var endOffset: Int64 { firstOffset &+ Int64(count) }

    @inlinable public func makeIterator() -> Iterator {
        Iterator(cursor: base ?? UnsafeRawPointer(bitPattern: 8)!, remainingBytes: byteCount, remaining: count)
    }
    @inlinable public var underestimatedCount: Int { count }

    @frozen
    public struct Iterator: IteratorProtocol {
        @usableFromInline var cursor: UnsafeRawPointer
        @usableFromInline var remainingBytes: Int
        @usableFromInline var remaining: Int

        @inlinable init(cursor: UnsafeRawPointer, remainingBytes: Int, remaining: Int) {
            self.cursor = cursor
            self.remainingBytes = remainingBytes
            self.remaining = remaining
        }

        @inlinable
        public mutating func next() -> Record? {
            while remaining > 0 {
                let word = cursor.load(as: UInt32.self)
                let length = Int(word & ~_Frame.paddingFlag)
                let stride = _Frame.stride(length)
                let isPadding = word & _Frame.paddingFlag != 0
                // Bounds: never step outside the bytes the poll walked, whatever a (possibly
                // concurrently overwritten) frame says.
                guard stride <= remainingBytes && (isPadding ? stride >= 8 : length >= _Frame.headerSize) else {
                    remaining = 0
                    return nil
                }
                let frame = cursor
                cursor += stride
                remainingBytes &-= stride
                if isPadding { continue }
                remaining &-= 1
                return Record(frame: frame, length: length)
            }
            return nil
        }
    }
}

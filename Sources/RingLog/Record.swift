import RingLogPlatform

/// A borrowed view of one record: in the ring, or in a reader's validated copy of it.
///
/// The read contract: every `Record` a `poll`, `pollEach` or `fetch` hands out is intact, in
/// offset order, and handed out once per read. When nothing can overwrite the bytes while
/// they are read (a registered reader in `block` retention with one producer: its cursor holds
/// the producer back) the record points into the ring, zero-copy. Otherwise (`overwrite`
/// retention, several producers, a stateless `fetch`) the read copies the bytes it walked,
/// checks that no write reached them, and only then hands out records pointing into the copy;
/// a read that lost the race throws `offsetOutOfRange` before the first record is delivered.
///
/// Valid only inside the closure it was passed to: afterwards the reader releases the space
/// (a producer may reuse it) and reuses its copy. The compiler holds it to that: `Record` is
/// `~Escapable`, its lifetime that of the `RecordBatch` (or the `pollEach` call) it came from,
/// and `key` and `value` are spans within that lifetime.
@frozen
public struct Record: ~Escapable {
    @usableFromInline let frame: UnsafeRawPointer
    /// The frame's first word as the iterator read and validated it (length at least the
    /// header, and the extension when flagged). Every length read from the frame is also
    /// clamped inside it, so even a corrupt frame never leads a read outside the bytes walked.
    @usableFromInline let word: UInt32
    /// The record's offset in its partition (counted by the reader, not read from the ring).
    public let offset: Int64
    /// The base timestamp of the record's batch (from the batch header the reader walked).
    @usableFromInline let batchTimestamp: Int64

    /// A view of the frame at `frame`. Its lifetime is unconstrained here: every caller hands it
    /// out only to a closure, or ties it to its batch with `_overrideLifetime`.
    @inlinable @_lifetime(immortal)
    init(frame: UnsafeRawPointer, word: UInt32, offset: Int64, batchTimestamp: Int64) {
        self.frame = frame
        self.word = word
        self.offset = offset
        self.batchTimestamp = batchTimestamp
    }

    /// The frame length: header, extension, key, value, headers.
    @inlinable var length: Int { Int(word & _Frame.lengthMask) }
    @inlinable var hasExtension: Bool { word & _Frame.extensionFlag != 0 }
    /// Where the key starts, from the frame.
    @inlinable var bodyOffset: Int { _Frame.bodyOffset(word) }

    /// Nanoseconds since the Unix epoch: CreateTime or LogAppendTime (see `timestampType`).
    /// Complexity: O(1): the batch's base timestamp plus the record's delta.
    @inlinable public var timestamp: Int64 { _Frame.timestamp(frame, word: word, base: batchTimestamp) }
    @inlinable public var timestampType: TimestampType {
        word & _Frame.logAppendTimeFlag != 0 ? .logAppendTime : .createTime
    }

    /// Key length in bytes, nil for a null key.
    @inlinable public var keyLength: Int? {
        guard hasExtension else { return nil }
        let k = frame.load(fromByteOffset: _Frame.keyLengthOffset, as: Int32.self)
        return k < 0 ? nil : min(Int(k), length &- bodyOffset)
    }
    /// Where the value starts and how long it is (bytes from the frame start), from one read of
    /// the key and headers lengths, each clamped inside the validated frame length, so every
    /// range derived here stays inside the frame whatever its bytes say.
    @inlinable var _value: (offset: Int, count: Int) {
        @inline(__always) get {
            guard hasExtension else { return (_Frame.headerSize, length &- _Frame.headerSize) }
            let body = _Frame.bodyOffset(extended: true)
            let room = length &- body
            let k = frame.load(fromByteOffset: _Frame.keyLengthOffset, as: Int32.self)
            let key = k < 0 ? 0 : min(Int(k), room)
            let headersField = frame.load(fromByteOffset: _Frame.headersLengthOffset, as: UInt32.self) & _Frame.lengthMask
            let headers = min(Int(headersField), room &- key)
            return (body &+ key, room &- key &- headers)
        }
    }
    /// Value length in bytes: what the frame holds besides header, key and headers (0 for a
    /// null value; see `hasNullValue`).
    @inlinable public var valueLength: Int { @inline(__always) get { _value.count } }
    /// True when the value is null rather than empty: a tombstone, as Kafka calls a record
    /// that deletes its key (`BatchAppender.appendTombstone`). `value` is then empty.
    /// Complexity: O(1).
    @inlinable public var hasNullValue: Bool {
        hasExtension && frame.load(fromByteOffset: _Frame.headersLengthOffset, as: UInt32.self) & _Frame.nullValueFlag != 0
    }
    /// True when the record carries headers. Complexity: O(1).
    @inlinable public var hasHeaders: Bool {
        hasExtension && frame.load(fromByteOffset: _Frame.headersLengthOffset, as: UInt32.self) & _Frame.lengthMask != 0
    }
    /// Number of headers. Complexity: O(headers) (they are counted, not stored).
    public var headerCount: Int { _walkHeaders { _, _, _, _ in } }

    @inlinable var keyStart: UnsafeRawPointer { frame + bodyOffset }

    /// The value bytes, borrowed from the ring.
    @inlinable public var value: RawSpan {
        @_lifetime(copy self) @inline(__always)
        get {
            let v = _value
            let span = unsafe RawSpan(_unsafeStart: frame + v.offset, byteCount: v.count)
            return unsafe _overrideLifetime(span, copying: self)
        }
    }

    /// The key bytes, borrowed from the ring (empty for a null key; see `keyLength`).
    @inlinable public var key: RawSpan {
        @_lifetime(copy self) @inline(__always)
        get {
            let span = unsafe RawSpan(_unsafeStart: keyStart, byteCount: keyLength ?? 0)
            return unsafe _overrideLifetime(span, copying: self)
        }
    }

    /// Calls `body` with the value bytes as an unsafe buffer (for C APIs and hot loops).
    @inlinable
    public func withUnsafeValueBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let v = _value
        return try body(UnsafeRawBufferPointer(start: frame + v.offset, count: v.count))
    }

    /// A copy of the value.
    public var valueBytes: [UInt8] {
        let v = _value
        return Array(UnsafeRawBufferPointer(start: frame + v.offset, count: v.count))
    }
    /// A copy of the key, nil for a null key.
    public var keyBytes: [UInt8]? {
        guard let n = keyLength else { return nil }
        return Array(UnsafeRawBufferPointer(start: keyStart, count: n))
    }

    /// The headers, decoded (allocates; not for hot paths).
    public var headers: [RecordHeader] {
        var result: [RecordHeader] = []
        _walkHeaders { name, nameLength, value, valueLength in
            result.append(RecordHeader(
                name: String(decoding: UnsafeRawBufferPointer(start: name, count: nameLength), as: UTF8.self),
                value: Array(UnsafeRawBufferPointer(start: value, count: valueLength))))
        }
        return result
    }

    /// Calls `body` with each header's name and value (pointer, length) in order, stopping at
    /// the first entry that does not fit in the frame; returns how many it visited.
    @discardableResult
    func _walkHeaders(_ body: (UnsafeRawPointer, Int, UnsafeRawPointer, Int) -> Void) -> Int {
        let v = _value
        var p = frame + (v.offset + v.count)    // the headers fill the rest of the frame
        let end = frame + length
        var count = 0
        while end - p >= _Frame.headerEntryOverhead {
            let nameLength = Int(p.loadUnaligned(as: UInt16.self))
            let valueLength = Int(p.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
            p += _Frame.headerEntryOverhead
            guard end - p >= nameLength + valueLength else { break }
            body(p, nameLength, p + nameLength, valueLength)
            p += nameLength + valueLength
            count += 1
        }
        return count
    }

    /// True when the record carries a CRC32C.
    @inlinable public var hasChecksum: Bool { word & _Frame.checksumFlag != 0 && hasExtension }

    /// Recomputes the CRC32C and compares it with the stored one; true when the record carries
    /// no checksum. Detects torn or corrupted records. Complexity: O(record size).
    public var isChecksumValid: Bool {
        guard hasChecksum else { return true }
        let stored = frame.load(fromByteOffset: _Frame.checksumOffset, as: UInt32.self)
        return _Frame.checksum(frame, length: length, timestamp: timestamp) == stored
    }
}

import RingLogPlatform

/// A borrowed view of consecutive records of one partition, as returned by a poll or fetch.
/// Iterating it is a tight loop over frames in place (the ring, or the read's validated copy).
/// Valid only inside the closure it was passed to (see `Record` for the read contract): it is
/// `~Escapable`, and so is every `Record` it hands out.
///
/// Not a `Sequence` (its elements cannot escape): walk it with `forEach`, `map`, or an
/// iterator (`var records = batch.makeIterator(); while let record = records.next() { ... }`).
///
/// Thread-safety: a view for the thread that read it. Complexity: each walk is O(count).
@frozen
public struct RecordBatch: ~Escapable {
    @usableFromInline let base: UnsafeRawPointer?
    /// Bytes the batch spans in the ring (frames and padding).
    public let byteCount: Int
    /// Number of records.
    public let count: Int
    /// Offset of the first record (the fetch position when empty).
    public let firstOffset: Int64
    /// The base timestamp of the batch the first record belongs to (when the view starts
    /// inside a batch, past its header).
    @usableFromInline let baseTimestamp: Int64

    /// A view of the frames at `base`. Its lifetime is unconstrained here: the engine hands it
    /// out only as a closure's argument.
    @inlinable @_lifetime(immortal)
    init(base: UnsafeRawPointer?, byteCount: Int, count: Int, firstOffset: Int64, baseTimestamp: Int64 = 0) {
        self.base = base
        self.byteCount = byteCount
        self.count = count
        self.firstOffset = firstOffset
        self.baseTimestamp = baseTimestamp
    }

    @inlinable public var isEmpty: Bool { count == 0 }
    /// One past the last offset.
    @inlinable public var endOffset: Int64 { firstOffset &+ Int64(count) }

    /// An iterator over the records, in offset order, living no longer than the batch.
    @inlinable @_lifetime(copy self)
    public func makeIterator() -> Iterator {
        let iterator = Iterator(cursor: base ?? UnsafeRawPointer(bitPattern: 8)!, remainingBytes: byteCount, remaining: count,
                                offset: firstOffset, baseTimestamp: baseTimestamp)
        return unsafe _overrideLifetime(iterator, copying: self)
    }

    /// Calls `body` with each record, in offset order.
    /// Complexity: O(count); allocates nothing.
    @inlinable
    public func forEach<E: Error>(_ body: (Record) throws(E) -> Void) throws(E) {
        var records = makeIterator()
        while let record = records.next() { try body(record) }
    }

    /// `transform` of each record, in offset order (allocates the array; not for hot paths).
    /// Complexity: O(count).
    @inlinable
    public func map<T, E: Error>(_ transform: (Record) throws(E) -> T) throws(E) -> [T] {
        var result: [T] = []
        result.reserveCapacity(count)
        var records = makeIterator()
        while let record = records.next() { result.append(try transform(record)) }
        return result
    }

    /// Whether `predicate` holds for every record (true for an empty batch); stops at the first
    /// that fails. Complexity: O(count); allocates nothing.
    @inlinable
    public func allSatisfy<E: Error>(_ predicate: (Record) throws(E) -> Bool) throws(E) -> Bool {
        var records = makeIterator()
        while let record = records.next() {
            if try !predicate(record) { return false }
        }
        return true
    }

    /// Walks the frames of a `RecordBatch`; each record it returns lives as long as the batch.
    @frozen
    public struct Iterator: ~Escapable {
        @usableFromInline var cursor: UnsafeRawPointer
        @usableFromInline var remainingBytes: Int
        @usableFromInline var remaining: Int
        @usableFromInline var offset: Int64
        @usableFromInline var baseTimestamp: Int64

        @inlinable @_lifetime(immortal)
        init(cursor: UnsafeRawPointer, remainingBytes: Int, remaining: Int, offset: Int64, baseTimestamp: Int64) {
            self.cursor = cursor
            self.remainingBytes = remainingBytes
            self.remaining = remaining
            self.offset = offset
            self.baseTimestamp = baseTimestamp
        }

        /// The next record, or nil after the last.
        @inlinable @_lifetime(copy self)
        public mutating func next() -> Record? {
            while remaining > 0 {
                let word = cursor.load(as: UInt32.self)
                let length = Int(word & _Frame.lengthMask)
                let stride = _Frame.stride(length)
                // Bounds: never step outside the bytes the poll walked, whatever a (possibly
                // concurrently overwritten) frame says.
                if word & (_Frame.controlFlag | _Frame.extensionFlag) == 0 {
                    // A plain record (no key, headers or checksum): the common case.
                    guard length >= _Frame.headerSize && stride <= remainingBytes else { break }
                } else if word & _Frame.controlFlag != 0 {
                    // A batch header (the next records' base timestamp) or padding.
                    let skip = _Frame.controlFrameLength(word)
                    guard skip != 0 && skip <= remainingBytes else { break }
                    if word == _Frame.batchHeaderWord {
                        baseTimestamp = cursor.load(fromByteOffset: _Frame.batchBaseTimestampOffset, as: Int64.self)
                    }
                    cursor += skip
                    remainingBytes &-= skip
                    continue
                } else {
                    guard length >= _Frame.headerSize &+ _Frame.extensionSize && stride <= remainingBytes else { break }
                }
                let frame = cursor
                cursor += stride
                remainingBytes &-= stride
                remaining &-= 1
                let record = Record(frame: frame, word: word, offset: offset, batchTimestamp: baseTimestamp)
                offset &+= 1
                return unsafe _overrideLifetime(record, copying: self)
            }
            remaining = 0
            return nil
        }
    }
}

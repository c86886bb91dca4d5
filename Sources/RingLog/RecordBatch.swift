import RingLogPlatform

/// A borrowed view of consecutive records of one partition, as returned by a poll or fetch.
/// Iterating it is a tight loop over frames in place (the ring, or the read's validated copy).
/// Valid only inside the closure it was passed to (see `Record` for the read contract).
@frozen
public struct RecordBatch: Sequence {
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

    @inlinable
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

    @inlinable public func makeIterator() -> Iterator {
        Iterator(cursor: base ?? UnsafeRawPointer(bitPattern: 8)!, remainingBytes: byteCount, remaining: count, offset: firstOffset,
                 baseTimestamp: baseTimestamp)
    }
    @inlinable public var underestimatedCount: Int { count }

    @frozen
    public struct Iterator: IteratorProtocol {
        @usableFromInline var cursor: UnsafeRawPointer
        @usableFromInline var remainingBytes: Int
        @usableFromInline var remaining: Int
        @usableFromInline var offset: Int64
        @usableFromInline var baseTimestamp: Int64

        @inlinable init(cursor: UnsafeRawPointer, remainingBytes: Int, remaining: Int, offset: Int64, baseTimestamp: Int64) {
            self.cursor = cursor
            self.remainingBytes = remainingBytes
            self.remaining = remaining
            self.offset = offset
            self.baseTimestamp = baseTimestamp
        }

        @inlinable
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
                return record
            }
            remaining = 0
            return nil
        }
    }
}

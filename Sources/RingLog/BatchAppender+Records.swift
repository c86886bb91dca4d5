import RingLogPlatform

extension BatchAppender {
    /// Appends `count` records without key or headers, record `i`'s value written in place by
    /// `writeValue(i, &output)` into an `OutputRawSpan` of `valueCapacity` bytes over the ring
    /// (zero copy; the value is what it appends), with timestamp `timestamp(i)` (CreateTime;
    /// ignored under LogAppendTime).
    ///
    /// The same records as `count` calls of `append(valueCapacity:timestamp:writeValue:)`,
    /// framed the same way, but the per-batch checks (the partition's flags, the room for
    /// `count` records of `valueCapacity` bytes) are made once, not per record. Prefer it for
    /// runs of similar records.
    ///
    /// Each value's span starts 8-byte aligned: see `PartitionLog.append(valueCapacity:timestamp:writeValue:)`
    /// on appending wider types.
    ///
    /// - Throws: `.invalidArgument` for a negative count or capacity, `.recordTooLarge`, or
    ///   `.reservationExhausted` when `count` such records do not fit the rest of the
    ///   reservation; nothing is written then. (A record whose timestamp lies more than 2^31 ns
    ///   from the batch's first takes the 16-byte extension; from there on the records go one
    ///   at a time, and one that no longer fits throws `.reservationExhausted` with the records
    ///   before it appended.)
    /// - Complexity: O(bytes written), no allocation.
    @inlinable @inline(__always)
    public mutating func append(
        count n: Int, valueCapacity: Int, timestamp: (Int) -> Int64, writeValue: (Int, inout OutputRawSpan) -> Void
    ) throws(RingLogError) {
        if n <= 0 {
            if n < 0 { throw .invalidArgument("count must not be negative, got \(n)") }
            return
        }
        let maxSize = _Frame.headerSize &+ valueCapacity
        let recordStride = _Frame.stride(maxSize)
        let ts0 = timestamp(0)
        // Records that need the extension go one at a time.
        guard partitionFlags & (_Frame.extensionFlag | _Frame.logAppendTimeFlag) == 0, valueCapacity >= 0,
              valueCapacity <= _Frame.maximumLength, maxSize <= _Frame.maximumLength else {
            return try _appendEach(from: 0, count: n, valueCapacity: valueCapacity, timestamp: timestamp, writeValue: writeValue)
        }
        let opening = limit == 0
        let base = opening ? ts0 : baseTimestamp
        let first = opening ? _Frame.batchHeaderSize : used
        // The room for all of them, checked once (a division: no product to overflow).
        guard n <= (reserved &- first) / recordStride else {
            let (needed, overflow) = n.multipliedReportingOverflow(by: recordStride)
            throw _appendError(capacity: valueCapacity, maxSize: maxSize, needed: overflow ? .max : needed)
        }
        if opening { _open(timestamp: ts0) }
        var at = used
        var i = 0
        while i < n {
            let delta = (i == 0 ? ts0 : timestamp(i)) &- base
            if !_Frame.fitsHeader(timestampDelta: delta) { break }
            let length = _Frame.writePlainRecord(start + at, capacity: valueCapacity, flags: partitionFlags, timestampDelta: delta) {
                _Frame.writeValue(at: $0, capacity: valueCapacity) { writeValue(i, &$0) }
            }
            at &+= _Frame.stride(length)
            i &+= 1
        }
        used = at
        _count &+= i
        if i < n {
            try _appendEach(from: i, count: n, valueCapacity: valueCapacity, timestamp: timestamp, writeValue: writeValue)
        }
    }

    /// Appends `count` records from the batch's clock reading (one per batch, as single appends
    /// without a timestamp get). See `append(count:valueCapacity:timestamp:writeValue:)`.
    @inlinable @inline(__always)
    public mutating func append(
        count n: Int, valueCapacity: Int, writeValue: (Int, inout OutputRawSpan) -> Void
    ) throws(RingLogError) {
        if clockTimestamp == .min { clockTimestamp = wallClockNanoseconds() }
        let now = clockTimestamp
        try append(count: n, valueCapacity: valueCapacity, timestamp: { _ in now }, writeValue: writeValue)
    }

    /// Records `from..<count` one at a time (`append(valueCapacity:timestamp:writeValue:)`).
    @inlinable
    mutating func _appendEach(
        from: Int, count n: Int, valueCapacity: Int, timestamp: (Int) -> Int64, writeValue: (Int, inout OutputRawSpan) -> Void
    ) throws(RingLogError) {
        for i in from..<n {
            try append(valueCapacity: valueCapacity, timestamp: timestamp(i)) { writeValue(i, &$0) }
        }
    }
}

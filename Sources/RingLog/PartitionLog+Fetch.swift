import Synchronization
import RingLogPlatform

extension PartitionLog {
    /// Reads up to `maxRecords` records (and about `maxBytes` bytes; at least one record, as
    /// Kafka) starting at `offset`, and passes them to `body` as a borrowed view. Stateless: any
    /// thread, any offset, no reader registration (so it does not hold back producers in `block`
    /// retention).
    ///
    /// Since nothing stops a producer from overwriting what a fetch reads, a fetch copies the
    /// records it walked (at most 64 KiB of them, but always one whole record) into the
    /// partition's fetch buffer and checks that no write reached them before `body` sees the
    /// first one: every record `body` sees is intact.
    /// A fetch exactly at the high watermark passes an empty batch (as Kafka).
    /// - Throws: `.offsetOutOfRange` when `offset` is negative, above the high watermark, below
    ///   the log start, or when the records were overwritten while they were copied; `body` is
    ///   not called then.
    /// - Complexity: O(records returned) plus one index lookup and a walk over the records
    ///   before `offset` in its batch; one copy of the bytes returned. No allocation unless
    ///   another thread is fetching from this partition at the same time, or one record is
    ///   larger than 64 KiB.
    @inlinable
    public func fetch<R>(
        from offset: Int64, maxRecords: Int = 500, maxBytes: Int = .max, _ body: (RecordBatch) -> R
    ) throws(RingLogError) -> R {
        let (hw, start) = try _readStart(offset, maxRecords: maxRecords, maxBytes: maxBytes)
        guard let location = start else { return body(RecordBatch(base: nil, byteCount: 0, count: 0, firstOffset: offset)) }
        let walk = _walkForCopy(from: location.position, offset: offset, baseTimestamp: location.baseTimestamp,
                                highWatermark: hw, prefetchLimit: publishedEnd, maxRecords: maxRecords,
                                maxBytes: min(maxBytes, _FetchBuffer.defaultBytes))
        return try _deliverCopy(from: location.position, offset: offset, baseTimestamp: location.baseTimestamp,
                                highWatermark: hw, walk: walk, body)
    }

    /// Where a stateless read from `offset` starts: the high watermark it reads up to (loaded
    /// with acquire), and record `offset`'s byte position and batch base timestamp (nil when
    /// `offset` is the high watermark: nothing to read).
    /// - Throws: `.invalidArgument` for limits below 1; `.offsetOutOfRange` for an offset
    ///   outside the log start...high watermark.
    @inlinable @inline(__always)
    func _readStart(
        _ offset: Int64, maxRecords: Int, maxBytes: Int
    ) throws(RingLogError) -> (highWatermark: Int64, location: (position: UInt64, baseTimestamp: Int64)?) {
        try _checkLimits(maxRecords: maxRecords, maxBytes: maxBytes)
        let hw = highWatermark
        guard offset >= 0 && offset <= hw else {
            throw .offsetOutOfRange(requested: offset, logStart: _logStart(highWatermark: hw), highWatermark: hw)
        }
        if offset == hw { return (hw, nil) }
        return (hw, try _position(of: offset, highWatermark: hw))
    }

    /// Copies the bytes `walk` found from `position` (record `offset`'s) into the fetch buffer,
    /// checks that no write reached them, and only then hands `body` their records.
    /// - Throws: `.offsetOutOfRange` when they may have been overwritten; `body` is not called.
    @inlinable @inline(__always)
    func _deliverCopy<R>(
        from position: UInt64, offset: Int64, baseTimestamp: Int64, highWatermark hw: Int64,
        walk: (bytes: Int, count: Int, torn: Bool, baseTimestamp: Int64), _ body: (RecordBatch) -> R
    ) throws(RingLogError) -> R {
        let buffer = fetchBuffer.take(walk.bytes)
        defer { fetchBuffer.give(buffer, bytes: walk.bytes) }
        ThreadSanitizer.ignoringReads { buffer.copyMemory(from: ring.pointer(at: position), byteCount: walk.bytes) }
        try _validateRead(position: position, offset: offset, highWatermark: hw, torn: walk.torn, validate: true)
        return body(RecordBatch(base: UnsafeRawPointer(buffer), byteCount: walk.bytes, count: walk.count, firstOffset: offset,
                                baseTimestamp: baseTimestamp))
    }

    /// The walk of a read that copies before it delivers: finds how many bytes and records the
    /// limits allow, visiting nothing (the bytes may be changing; ThreadSanitizer is told to
    /// ignore these reads, which the caller validates after its copy).
    @usableFromInline
    func _walkForCopy(
        from position: UInt64, offset: Int64, baseTimestamp: Int64, highWatermark hw: Int64, prefetchLimit: UInt64,
        maxRecords: Int, maxBytes: Int
    ) -> (bytes: Int, count: Int, torn: Bool, baseTimestamp: Int64) {
        ThreadSanitizer.ignoringReads {
            _walkFrames(from: position, offset: offset, baseTimestamp: baseTimestamp, highWatermark: hw,
                        prefetchLimit: prefetchLimit, maxRecords: maxRecords, maxBytes: maxBytes) { _, _, _, _ in }
        }
    }

    /// A validating read: walks from `position` within the limits (and the staging's size, but
    /// always one whole record), copies those bytes (`_ReadCopy`), then checks that no write
    /// reached them. Returns the batch, pointing into the copy (release it once the records
    /// were handed out), and the base timestamp of the batch the walk ended in.
    /// - Throws: `.offsetOutOfRange` when the bytes may have been overwritten; nothing was
    ///   handed out then, and the copy is released.
    @usableFromInline @_lifetime(immortal)
    func _readStaged(
        into staging: _ReadStaging?, position: UInt64, offset: Int64, baseTimestamp: Int64, highWatermark hw: Int64,
        prefetchLimit: UInt64, maxRecords: Int, maxBytes: Int
    ) throws(RingLogError) -> (batch: RecordBatch, copy: _ReadCopy, baseTimestamp: Int64) {
        let room = staging?.capacity ?? _ReadStaging.defaultBytes
        let walk = _walkForCopy(from: position, offset: offset, baseTimestamp: baseTimestamp, highWatermark: hw,
                                prefetchLimit: prefetchLimit, maxRecords: maxRecords, maxBytes: min(maxBytes, room))
        let copy = _ReadCopy(from: UnsafeRawPointer(ring.pointer(at: position)), count: walk.bytes, staging: staging)
        do throws(RingLogError) {
            try _validateRead(position: position, offset: offset, highWatermark: hw, torn: walk.torn, validate: true)
        } catch {
            copy.release()
            throw error
        }
        return (RecordBatch(base: copy.base, byteCount: walk.bytes, count: walk.count, firstOffset: offset, baseTimestamp: baseTimestamp),
                copy, walk.baseTimestamp)
    }

    /// `maxRecords` and `maxBytes` must be at least 1 (as Kafka's `max.poll.records`).
    @inlinable @inline(__always)
    func _checkLimits(maxRecords: Int, maxBytes: Int) throws(RingLogError) {
        if maxRecords < 1 || maxBytes < 1 { throw _badLimits(maxRecords: maxRecords, maxBytes: maxBytes) }
    }

    @usableFromInline
    func _badLimits(maxRecords: Int, maxBytes: Int) -> RingLogError {
        maxRecords < 1
            ? .invalidArgument("maxRecords must be at least 1, got \(maxRecords)")
            : .invalidArgument("maxBytes must be at least 1, got \(maxBytes)")
    }

    /// Walks frames from `position` (record `offset`, in a batch whose base timestamp is
    /// `baseTimestamp`) and calls `body` with the batch in place, zero-copy. Only for a reader
    /// whose cursor gates the producer (nothing can overwrite what it has not released): a
    /// frame that still looks torn throws after `body`, as a broken invariant would. Returns
    /// also the base timestamp of the batch the walk ended in.
    @inlinable @inline(__always)
    func _readBatch<R>(
        position: UInt64, offset: Int64, baseTimestamp: Int64, highWatermark hw: Int64, prefetchLimit: UInt64,
        maxRecords: Int, maxBytes: Int, _ body: (RecordBatch) -> R
    ) throws(RingLogError) -> (result: R, end: UInt64, count: Int, baseTimestamp: Int64) {
        // Walk the frames to find where the batch ends. (Reading the end from the offset index
        // looks cheaper but is not: the producer has just written that index line, so it would
        // cross cores on every poll; the frame headers walked here are needed by the body anyway.)
        let walk = _walkFrames(from: position, offset: offset, baseTimestamp: baseTimestamp, highWatermark: hw,
                               prefetchLimit: prefetchLimit, maxRecords: maxRecords, maxBytes: maxBytes) { _, _, _, _ in }
        let result = body(RecordBatch(base: ring.pointer(at: position), byteCount: walk.bytes, count: walk.count,
                                      firstOffset: offset, baseTimestamp: baseTimestamp))
        try _validateRead(position: position, offset: offset, highWatermark: hw, torn: walk.torn, validate: false)
        return (result, position &+ UInt64(truncatingIfNeeded: walk.bytes), walk.count, walk.baseTimestamp)
    }

    /// Walks up to `maxRecords` published frames from `position` (about `maxBytes` bytes, at
    /// least one record), calling `visit(frame, word, index, batchTimestamp)` for each record in
    /// order; returns the bytes walked (records, batch headers and padding), the records
    /// visited, whether a frame held a length no producer writes (its bytes were overwritten
    /// while read), and the base timestamp of the batch it ended in. `baseTimestamp` is that of
    /// the batch `position` lies in (any value when `position` starts a batch).
    ///
    /// Every frame is bounds-checked before `visit` sees it: whatever a concurrently
    /// overwritten frame says, the walk stays inside one ring's length from `position` (mapped
    /// twice back to back, so that is always mapped memory).
    ///
    /// Each frame's place depends on the length read from the one before, so on its own the
    /// walk would wait for one line at a time coming over from the producer's core. A prefetch
    /// a fixed distance ahead keeps several of those transfers in flight; it stops at the
    /// published end, so lines the producer is still writing are not pulled away from it.
    @inlinable @inline(__always)
    func _walkFrames(
        from position: UInt64, offset: Int64, baseTimestamp: Int64, highWatermark hw: Int64, prefetchLimit: UInt64,
        maxRecords: Int, maxBytes: Int, _ visit: (UnsafeRawPointer, UInt32, Int, Int64) -> Void
    ) -> (bytes: Int, count: Int, torn: Bool, baseTimestamp: Int64) {
        let available = hw &- offset
        let want = maxRecords < available ? maxRecords : Int(truncatingIfNeeded: available)
        let start = UnsafeRawPointer(ring.pointer(at: position))
        let ringBytes = Int(truncatingIfNeeded: capacity)
        let byteLimit = maxBytes < ringBytes ? maxBytes : ringBytes
        // Bytes published from `position` on: prefetch targets stay below that. (A lapped
        // reader may compute nonsense here; a prefetch never faults, and its reads are
        // reported as out of range anyway.) Compared as one bound per frame.
        let ahead = Int(truncatingIfNeeded: prefetchLimit &- position)
        let prefetchEnd = ahead &- _Frame.prefetchDistance
        var bytes = 0
        var count = 0
        var base = baseTimestamp
        // A poll that starts where a batch starts (the common case: the last poll ended with a
        // batch) takes its header here rather than in a round of the loop.
        if want > 0 && start.load(as: UInt32.self) == _Frame.batchHeaderWord {
            base = start.load(fromByteOffset: _Frame.batchBaseTimestampOffset, as: Int64.self)
            bytes = _Frame.batchHeaderSize
        }
        while count < want {
            let frame = start + bytes
            if bytes < prefetchEnd { CPU.prefetch(frame + _Frame.prefetchDistance) }
            let word = frame.load(as: UInt32.self)
            let stride: Int
            if word &- 25 < _Frame.logAppendTimeFlag &- 25 {
                // The common case in one compare: a plain record (no flag bit) of 25 bytes or
                // more, whose stride is its length rounded up to 8 (at least the minimum).
                stride = (Int(truncatingIfNeeded: word) &+ 7) & ~7
            } else {
                let length = Int(word & _Frame.lengthMask)
                stride = _Frame.stride(length)
                if word & (_Frame.controlFlag | _Frame.extensionFlag) == 0 {
                    // A plain record (no key, headers or checksum), short or LogAppendTime.
                    if length < _Frame.headerSize { return (bytes, count, true, base) }
                } else if word & _Frame.controlFlag != 0 {
                    // A batch header (the base timestamp of the records that follow) or padding.
                    let skip = _Frame.controlFrameLength(word)
                    if skip == 0 || bytes &+ skip > ringBytes { return (bytes, count, true, base) }
                    if word == _Frame.batchHeaderWord {
                        base = frame.load(fromByteOffset: _Frame.batchBaseTimestampOffset, as: Int64.self)
                    }
                    bytes &+= skip
                    continue
                } else if length < _Frame.headerSize &+ _Frame.extensionSize {
                    return (bytes, count, true, base)
                }
            }
            if bytes &+ stride > byteLimit {
                // A frame length no producer could have written means the bytes were overwritten.
                if bytes &+ stride > ringBytes { return (bytes, count, true, base) }
                if count > 0 { break } // maxBytes reached (the first record goes out whole)
            }
            visit(frame, word, count, base)
            bytes &+= stride
            count &+= 1
        }
        // Padding up to a publication boundary right after the last record belongs to that
        // record's batch: take it now, rather than walk it at the start of the next poll. Only
        // off a boundary: there the bytes were written by the batch just read (a frame of it, or
        // its padding, which in a multi-producer reservation may run past the boundary); at a
        // boundary the next batch starts, which may not be published yet.
        let end = position &+ UInt64(truncatingIfNeeded: bytes)
        if count > 0 && end & UInt64(_Frame.publicationAlignment &- 1) != 0 {
            let word = (start + bytes).load(as: UInt32.self)
            if word & (_Frame.controlFlag | _Frame.batchHeaderFlag) == _Frame.controlFlag {
                let skip = _Frame.controlFrameLength(word)
                if skip == 0 || bytes &+ skip > ringBytes { return (bytes, count, true, base) }
                bytes &+= skip
            }
        }
        return (bytes, count, false, base)
    }

    /// Seqlock reader side: after reading `[position, ...)` (and when `validate`), throws
    /// `.offsetOutOfRange` when the bytes may have been overwritten meanwhile (or a torn frame
    /// was seen): they were intact iff no write at or beyond position + capacity had started.
    @inlinable @inline(__always)
    func _validateRead(position: UInt64, offset: Int64, highWatermark hw: Int64, torn: Bool, validate: Bool) throws(RingLogError) {
        if !validate && !torn { return }
        // acquiring fence: the frontier load below cannot be satisfied before the frame reads.
        atomicMemoryFence(ordering: .acquiring)
        // relaxed: ordered by the fence.
        let frontier = control.frontier.pointee.load(ordering: .relaxed)
        if torn || frontier > position &+ capacity {
            throw .offsetOutOfRange(requested: offset, logStart: _logStart(highWatermark: hw), highWatermark: hw)
        }
    }

    /// Byte position of record `offset` (below the high watermark) and its batch's base
    /// timestamp, validated.
    @usableFromInline
    func _position(of offset: Int64, highWatermark hw: Int64) throws(RingLogError) -> (position: UInt64, baseTimestamp: Int64) {
        if let location = _locate(offset) { return location }
        throw .offsetOutOfRange(requested: offset, logStart: _logStart(highWatermark: hw), highWatermark: hw)
    }

    /// Where record `offset` is, if it is still in the ring and intact: its byte position and
    /// its batch's base timestamp, found from the index (its batch header, see `_batchStart`)
    /// and a walk over the records before it in that batch. The caller loaded a high watermark
    /// above `offset` with acquire. Complexity: O(records before it in its batch).
    ///
    /// Beyond `_batchStart`'s checks, the walk must meet only record frames that stay inside
    /// one ring length, and no write may have reached those bytes since (the frontier, seqlock
    /// style).
    @usableFromInline
    func _locate(_ offset: Int64) -> (position: UInt64, baseTimestamp: Int64)? {
        // relaxed: loaded after the caller's acquire of the high watermark, so at least the end
        // stored with it (stored before it); anything newer only admits records published since.
        let published = publishedEnd
        guard let (p, records) = _batchStart(of: offset, published: published) else { return nil }
        let header = UnsafeRawPointer(ring.pointer(at: p))
        let baseTimestamp = header.load(fromByteOffset: _Frame.batchBaseTimestampOffset, as: Int64.self)
        let ringBytes = Int(truncatingIfNeeded: capacity)
        var at = _Frame.batchHeaderSize
        var intact = true
        var skipped = 0
        while intact {
            let frameWord = (header + at).load(as: UInt32.self)
            let length = Int(frameWord & _Frame.lengthMask)
            intact = frameWord & _Frame.controlFlag == 0 && length >= _Frame.bodyOffset(frameWord)
                && at &+ _Frame.stride(length) <= ringBytes
            if skipped == records { break }
            at &+= _Frame.stride(length)
            skipped &+= 1
        }
        // acquiring fence + relaxed load: seqlock validation, as in _validateRead.
        atomicMemoryFence(ordering: .acquiring)
        let frontier = control.frontier.pointee.load(ordering: .relaxed)
        guard intact, frontier <= p &+ capacity else { return nil }
        return (p &+ UInt64(truncatingIfNeeded: at), baseTimestamp)
    }

    /// The byte position of the header of the batch holding record `offset`, and how many of
    /// its records come before that one; nil when no such batch is found. `published` is the
    /// published end, loaded after an acquire of a high watermark above `offset`.
    ///
    /// Only a batch's first offset has its slot written (`_RingBytes`), so this scans
    /// the slots from `offset` down: the first slot that names a batch header with that base
    /// offset names the batch holding the record (batches hold consecutive offsets, and every
    /// batch between it and the record would have been found first). No batch published so far
    /// held more records than the largest-batch bound (and none holds `indexSlots / 2`), which
    /// bounds the scan: at batch 64 an offset below the log start costs at most 64 slot reads,
    /// not a ring's worth. A slot can mislead in four ways, each closed by one check: it was
    /// last written for a batch `indexSlots` or more offsets lower (that batch lies more than a
    /// ring length below the published end: at least `indexSlots` records of 32 bytes or more
    /// follow it); it names a batch not yet published (a producer writes the slot before it
    /// publishes; such a position is at or past the published end); it was reused by a newer
    /// batch `indexSlots` or more offsets higher, or never written (0, a position inside the
    /// first ring length): the batch header there has another base offset. Bytes overwritten
    /// while they are checked are the caller's seqlock check's business.
    /// Complexity: O(records before it in its batch); O(largest batch) when it is not found.
    @usableFromInline
    func _batchStart(of offset: Int64, published: UInt64) -> (position: UInt64, recordsBefore: Int)? {
        // relaxed: loaded after the caller's acquire of a high watermark above `offset`, so at
        // least the value stored before it, which covers every batch below that watermark.
        let largest = Int64(truncatingIfNeeded: control.largestBatch.pointee.load(ordering: .relaxed))
        let lowest = max(0, offset &- min(largest, indexSlots) &+ 1)
        var base = offset
        while base >= lowest {
            if let p = _indexedBatchHeader(base, published: published) {
                return (p, Int(truncatingIfNeeded: offset &- base))
            }
            base &-= 1
        }
        return nil
    }

    /// The byte position of the batch header whose base offset is `offset`, when `offset`'s
    /// index slot names one: a position already published and within a ring length of the
    /// published end, holding a batch header with that base offset (see `_batchStart` for why
    /// these checks suffice). Complexity: O(1).
    @inlinable @inline(__always)
    func _indexedBatchHeader(_ offset: Int64, published: UInt64) -> UInt64? {
        let p = ring.indexedPosition(of: offset)
        guard p < published && p &+ capacity >= published
            && _Frame.isBatchHeader(ring.pointer(at: p), baseOffset: offset) else { return nil }
        return p
    }

    /// Byte position where record `hw` will start (just past record `hw - 1`), validated.
    @usableFromInline
    func _endPosition(highWatermark hw: Int64) -> UInt64? {
        if hw == 0 { return 0 }
        guard let p = _locate(hw &- 1)?.position else { return nil }
        let word = ring.pointer(at: p).load(as: UInt32.self)
        atomicMemoryFence(ordering: .acquiring)
        // relaxed: ordered by the fence (seqlock check of the length just read).
        guard control.frontier.pointee.load(ordering: .relaxed) <= p &+ capacity else { return nil }
        return p &+ UInt64(_Frame.stride(Int(word & _Frame.lengthMask)))
    }

    /// The oldest offset whose record is still intact in the ring, given a high watermark
    /// loaded with acquire: the first record whose batch header lies at or after
    /// `frontier - capacity` (the log start moves a batch at a time, as Kafka's moves a segment
    /// at a time).
    ///
    /// The search starts from the log start found last time (the control block's hint, a lower
    /// bound: what fell below the log start never comes back; always a batch start). Still
    /// intact there, it is the answer (one index slot read). Else the index slots above it are scanned for the first
    /// batch start still intact, at most `_logStartScanLimit` of them, then a binary search over
    /// the rest; without a usable hint, a binary search over the ring's possible offsets.
    /// Complexity: O(1) when the log start has not moved; O(records it moved by) when it moved
    /// by at most the scan limit; else O(log(records in ring) × records per batch).
    @usableFromInline
    func _logStart(highWatermark hw: Int64) -> Int64 {
        if hw <= 0 { return 0 }
        // acquiring: frontier read after the high watermark; anything written since only moves it up.
        let frontier = control.frontier.pointee.load(ordering: .acquiring)
        if frontier <= capacity { return 0 }
        let limit = frontier &- capacity
        // relaxed: after the acquire above; bounds index entries of unpublished records (see
        // _locate).
        let published = publishedEnd
        // At most `indexSlots` records fit in the ring (frames take at least 32 bytes).
        var lo = max(0, hw &- indexSlots)
        var hi = hw // intact(hw) holds by definition
        // relaxed: a hint only; whatever value it holds is a lower bound (see the layout comment).
        let hint = control.logStartHint.pointee.load(ordering: .relaxed)
        if hint > lo && hint < hw {
            // Only batch starts are stored as hints, and a batch start's own index slot names its
            // header while the batch is intact: otherwise the hint's batch is gone, and the log
            // start is the first batch start above it that is still intact.
            if let p = _indexedBatchHeader(hint, published: published), p >= limit { return hint }
            let scanEnd = min(hw, hint &+ Self._logStartScanLimit)
            var offset = hint &+ 1
            while offset < scanEnd {
                if let p = _indexedBatchHeader(offset, published: published), p >= limit {
                    // relaxed: a hint (see above); a racing store of a lower start leaves a lower bound too.
                    control.logStartHint.pointee.store(offset, ordering: .relaxed)
                    return offset
                }
                offset &+= 1
            }
            lo = offset
        }
        while lo < hi {
            let mid = lo &+ (hi &- lo) / 2
            if _isIntact(mid, limit: limit, published: published) { hi = mid } else { lo = mid &+ 1 }
        }
        // The first intact offset is a batch start (or the high watermark, where the next batch
        // starts) unless it is the lowest offset the ring could hold; only batch starts are hints.
        if lo > hint && (lo == hw || _indexedBatchHeader(lo, published: published) != nil) {
            // relaxed: as above.
            control.logStartHint.pointee.store(lo, ordering: .relaxed)
        }
        return lo
    }

    /// How many index slots `_logStart` scans up from its hint before it searches instead: the
    /// log start moves by about what was produced since it was last asked for, which for a
    /// server answering every produce and fetch is one request's records.
    @inlinable static var _logStartScanLimit: Int64 { 4_096 }

    @usableFromInline
    func _isIntact(_ offset: Int64, limit: UInt64, published: UInt64) -> Bool {
        guard let (p, _) = _batchStart(of: offset, published: published) else { return false }
        return p >= limit
    }

    /// The first offset whose timestamp is at or after `timestamp` (Kafka's `offsetsForTimes`),
    /// or nil when there is none. Assumes timestamps do not decrease along the log (true for
    /// LogAppendTime and for producers that stamp with the clock).
    /// Complexity: O(log(records in ring) × records per batch).
    public func offset(forTimestamp timestamp: Int64) -> Int64? {
        while true {
            let hw = highWatermark
            var lo = _logStart(highWatermark: hw)
            var hi = hw
            var consistent = true
            while lo < hi && consistent {
                let mid = lo &+ (hi &- lo) / 2
                guard let (p, base) = _locate(mid) else { consistent = false; break }
                let frame = ring.pointer(at: p)
                let ts = _Frame.timestamp(frame, word: frame.load(as: UInt32.self), base: base)
                atomicMemoryFence(ordering: .acquiring)
                // relaxed: ordered by the fence.
                if control.frontier.pointee.load(ordering: .relaxed) > p &+ capacity { consistent = false; break }
                if ts >= timestamp { hi = mid } else { lo = mid &+ 1 }
            }
            if consistent { return lo < hw ? lo : nil }
            // the search raced with the producer overwriting its lower end: start again.
        }
    }
}

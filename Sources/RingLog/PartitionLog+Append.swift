import Synchronization
import RingLogPlatform

extension PartitionLog {
    // MARK: Public append API

    /// Appends one record and returns its offset.
    ///
    /// - Parameters:
    ///   - value: the value bytes (copied into the ring).
    ///   - key: the key bytes, or nil for a null key.
    ///   - headers: Kafka-style headers (name → bytes).
    ///   - timestamp: CreateTime in nanoseconds since the epoch; nil means now. Ignored under
    ///     `logAppendTime`.
    /// - Throws: `.recordTooLarge`, `.headerTooLarge`, `.closed`; the log is unchanged then.
    /// - Complexity: O(record size). One release store; no allocation.
    @inlinable @inline(__always)
    @discardableResult
    public func append(
        value: RawSpan, key: RawSpan? = nil, headers: [RecordHeader] = [], timestamp: Int64? = nil
    ) throws(RingLogError) -> Int64 {
        try _appendOne(value: value, key: key, headers: headers, timestamp: timestamp, waitForSpace: true)
    }

    /// Appends one record given as byte arrays. See `append(value:key:headers:timestamp:)`.
    @inlinable @inline(__always)
    @discardableResult
    public func append(
        value: [UInt8], key: [UInt8]? = nil, headers: [RecordHeader] = [], timestamp: Int64? = nil
    ) throws(RingLogError) -> Int64 {
        if let key {
            return try append(value: value.span.bytes, key: key.span.bytes, headers: headers, timestamp: timestamp)
        }
        return try append(value: value.span.bytes, key: nil, headers: headers, timestamp: timestamp)
    }

    /// Appends a batch, writing the records straight into the ring (zero copy for the producer).
    ///
    /// Reserves `maxBytes` of ring space with one operation (a plain store in `.single` mode, one
    /// fetch-add in `.multi` mode), lets `body` append records into it, and publishes them all
    /// with one release store of the high watermark: a reader sees all of the batch or none.
    /// Use `BatchAppender.frameSize` to size the reservation. In `block` retention this waits
    /// for space under the partition's wait strategy.
    ///
    /// If `body` throws, nothing of the batch is published and the error is rethrown.
    /// - Throws: `.batchTooLarge` (more than half the ring), `.closed`, or what `body` throws.
    /// - Complexity: O(bytes written); no allocation.
    @inlinable @inline(__always)
    @discardableResult
    public func appendBatch(
        maxBytes: Int, _ body: (inout BatchAppender) throws(RingLogError) -> Void
    ) throws(RingLogError) -> AppendedRange {
        try _appendBatch(maxBytes: maxBytes, waitForSpace: true, body)
    }

    /// Like `appendBatch`, but never waits: in `block` retention it throws `.full` when the
    /// slowest reader has not released enough space.
    @inlinable @inline(__always)
    @discardableResult
    public func tryAppendBatch(
        maxBytes: Int, _ body: (inout BatchAppender) throws(RingLogError) -> Void
    ) throws(RingLogError) -> AppendedRange {
        try _appendBatch(maxBytes: maxBytes, waitForSpace: false, body)
    }

    /// Like `append`, but never waits: throws `.full` when `block` retention has no space.
    @inlinable
    @discardableResult
    public func tryAppend(
        value: RawSpan, key: RawSpan? = nil, headers: [RecordHeader] = [], timestamp: Int64? = nil
    ) throws(RingLogError) -> Int64 {
        try _appendOne(value: value, key: key, headers: headers, timestamp: timestamp, waitForSpace: false)
    }

    /// Appends one record without key or headers whose value `writeValue` writes straight into
    /// the ring (zero copy): it gets an `OutputRawSpan` of `valueCapacity` bytes over the
    /// reserved frame; the value is what it appends. Returns the record's offset.
    ///
    /// The single-record counterpart of `appendBatch` + `BatchAppender.append(valueCapacity:)`,
    /// with less to set up per call: use it when records go out one at a time.
    ///
    /// The span starts 8-byte aligned (the frame layout guarantees no more): append values of
    /// types aligned to at most 8 bytes. `OutputRawSpan.append(_:as: SIMD2<UInt64>.self)` compiled
    /// to an aligned 16-byte store with Swift 6.3 and crashed on such a span; write wider values
    /// through `withUnsafeMutableBytes` and `storeBytes(of:toByteOffset:as:)`, which allow any
    /// alignment.
    /// - Throws: `.recordTooLarge` or `.invalidArgument` (a negative capacity; nothing is
    ///   reserved then), `.closed`.
    /// - Complexity: O(value size). One release store; no allocation.
    /// - Thread-safety: as `appendBatch` (one thread at a time in `.single` producer mode).
    @inlinable @inline(__always)
    @discardableResult
    public func append(
        valueCapacity: Int, timestamp: Int64? = nil, writeValue: (inout OutputRawSpan) -> Void
    ) throws(RingLogError) -> Int64 {
        try _appendPlain(valueCapacity: valueCapacity, timestamp: timestamp, waitForSpace: true) { body in
            _Frame.writeValue(at: body, capacity: valueCapacity, writeValue)
        }
    }

    /// Bytes one record takes in this partition's ring (`BatchAppender.frameSize` with this
    /// partition's checksum setting and record limit): size `appendBatch` reservations with it.
    /// - Throws: `.recordTooLarge` / `.headerTooLarge` when the record cannot be stored at all.
    @inlinable
    public func frameSize(keyLength: Int?, valueLength: Int, headers: [RecordHeader] = []) throws(RingLogError) -> Int {
        try BatchAppender.frameSize(keyLength: keyLength, valueLength: valueLength, headers: headers,
                                    checksum: checksums, limit: maxRecordBytes)
    }

    // MARK: Reservation and publication

    /// One record as a batch of one, reserving exactly its frame.
    @inlinable @inline(__always)
    func _appendOne(
        value: RawSpan, key: RawSpan?, headers: [RecordHeader], timestamp: Int64?, waitForSpace: Bool
    ) throws(RingLogError) -> Int64 {
        if key == nil && headers.isEmpty {
            let count = value.byteCount
            return try _appendPlain(valueCapacity: count, timestamp: timestamp, waitForSpace: waitForSpace) { body in
                value.withUnsafeBytes { _copy(body, $0.baseAddress, count) }
                return count
            }
        }
        let size = try frameSize(keyLength: key?.byteCount, valueLength: value.byteCount, headers: headers)
        return try _appendBatch(maxBytes: size, waitForSpace: waitForSpace) { (batch: inout BatchAppender) throws(RingLogError) in
            try batch.append(value: value, key: key, headers: headers, timestamp: timestamp)
        }.baseOffset
    }

    @inlinable @inline(__always)
    func _appendBatch(
        maxBytes: Int, waitForSpace: Bool, _ body: (inout BatchAppender) throws(RingLogError) -> Void
    ) throws(RingLogError) -> AppendedRange {
        guard maxBytes > 0 && maxBytes <= maxBatchBytes else {
            throw .batchTooLarge(size: maxBytes, limit: maxBatchBytes)
        }
        // relaxed: a flag; publication ordering comes from the high watermark.
        if control.closed.pointee.load(ordering: .relaxed) != 0 { throw .closed }
        // What the batch may fill: its header, then `maxBytes` of records; the ring reservation
        // extends it to the publication boundary.
        let reserved = _Frame.batchHeaderSize &+ _Frame.aligned(maxBytes)
        if isMulti { return try _appendBatchMulti(reserved: reserved, waitForSpace: waitForSpace, body) }

        let start = try _reserveSingle(UInt64(truncatingIfNeeded: _Frame.publicationAligned(reserved)), waitForSpace: waitForSpace)
        // relaxed: the single producer's own last store.
        let base = control.highWatermark.pointee.load(ordering: .relaxed)
        var appender = BatchAppender(
            start: ring.pointer(at: start), reserved: reserved, baseOffset: base,
            partitionFlags: recordFlags, maxRecordBytes: maxRecordBytes)
        try body(&appender) // on error nothing was published: the published end and high watermark stay put
        let count = appender.count
        let end = appender.padToPublicationBoundary()
        _indexBatch(base: base, position: start, records: count)
        _publishSingle(end: start &+ UInt64(truncatingIfNeeded: end), highWatermark: base &+ Int64(count))
        return AppendedRange(baseOffset: base, count: count)
    }

    /// One record without key or headers: `writeValue` writes at most `valueCapacity` bytes at
    /// the pointer it gets and returns how many it wrote. Partitions with checksums (which need
    /// the header extension) and several producers go through the batch path.
    @inlinable @inline(__always)
    func _appendPlain(
        valueCapacity: Int, timestamp: Int64?, waitForSpace: Bool, _ writeValue: (UnsafeMutableRawPointer) -> Int
    ) throws(RingLogError) -> Int64 {
        if !plainAppends || valueCapacity < 0 || valueCapacity > maxPlainValue {
            return try _appendPlainSlow(valueCapacity: valueCapacity, timestamp: timestamp, waitForSpace: waitForSpace, writeValue)
        }
        let maxLength = _Frame.headerSize &+ valueCapacity
        // relaxed: a flag; publication ordering comes from the high watermark.
        if control.closed.pointee.load(ordering: .relaxed) != 0 { throw .closed }
        let reserved = _Frame.publicationAligned(_Frame.batchHeaderSize &+ _Frame.stride(maxLength))
        let start = try _reserveSingle(UInt64(truncatingIfNeeded: reserved), waitForSpace: waitForSpace)
        // relaxed: the single producer's own last store.
        let base = control.highWatermark.pointee.load(ordering: .relaxed)
        let batch = ring.pointer(at: start)
        let ts = recordFlags & _Frame.logAppendTimeFlag != 0 || timestamp == nil ? wallClockNanoseconds() : timestamp.unsafelyUnwrapped
        // A batch of one: the header carries the timestamp, the record a zero delta. Every
        // store in address order (`_Frame.writePlainRecord`).
        _Frame.storeBatchHeader(batch, baseOffset: base, baseTimestamp: ts)
        let length = _Frame.writePlainRecord(batch + _Frame.batchHeaderSize, capacity: valueCapacity, flags: recordFlags,
                                             timestampDelta: 0, writeValue)
        ring.setIndex(offset: base, position: start)
        let end = _Frame.padToPublicationBoundary(batch, used: _Frame.batchHeaderSize &+ _Frame.stride(length))
        _publishSingle(end: start &+ UInt64(truncatingIfNeeded: end), highWatermark: base &+ 1)
        return base
    }

    /// `_appendPlain` off its fast path: a bad capacity, or a partition whose records take the
    /// batch path (several producers, checksums).
    @usableFromInline
    func _appendPlainSlow(
        valueCapacity: Int, timestamp: Int64?, waitForSpace: Bool, _ writeValue: (UnsafeMutableRawPointer) -> Int
    ) throws(RingLogError) -> Int64 {
        if valueCapacity < 0 { throw .invalidArgument("valueCapacity must not be negative, got \(valueCapacity)") }
        if plainAppends {
            let size = valueCapacity > Int.max &- _Frame.headerSize ? Int.max : valueCapacity &+ _Frame.headerSize
            throw .recordTooLarge(size: size, limit: maxRecordBytes)
        }
        let size = try frameSize(keyLength: nil, valueLength: valueCapacity)
        return try _appendBatch(maxBytes: size, waitForSpace: waitForSpace) { (batch: inout BatchAppender) throws(RingLogError) in
            try batch._append(keyLength: nil, valueLength: valueCapacity, headers: [], timestamp: timestamp, writeBody: writeValue)
        }.baseOffset
    }

    /// Single producer: reserves `bytes` at the tail (waiting for space under `block` retention
    /// when `waitForSpace`) and announces them on the write frontier. Returns the start position.
    @inlinable @inline(__always)
    func _reserveSingle(_ bytes: UInt64, waitForSpace: Bool) throws(RingLogError) -> UInt64 {
        // Single producer: the tail is the published end, which only this thread stores.
        // relaxed: our own last store.
        let start = control.publishedEnd.pointee.load(ordering: .relaxed)
        let end = start &+ bytes
        if isBlocking {
            // acquiring: pairs with a registering/seeking reader's release bump, so the rescan in
            // _acknowledgeReaders sees its cursor. Same line as `closed`, already in cache.
            let epoch = control.gatingEpoch.pointee.load(ordering: .acquiring)
            // relaxed: our own field.
            if epoch != control.gatingEpochAck.pointee.load(ordering: .relaxed) { _acknowledgeReaders(epoch) }
            // relaxed: the cached limit is our own hint; a stale (lower) value only causes a rescan.
            if end > control.cachedLimit.pointee.load(ordering: .relaxed) {
                try _awaitSpace(end: end, wait: waitForSpace)
            }
        }
        // Ask for the two lines a fixed distance past this reservation in exclusive state now,
        // so later appends do not wait for them (a lone record's frame and padding are two
        // lines, each a miss once the ring outgrows the caches). Only lines no registered reader
        // may still be reading: below the cached limit, which only errs low.
        let target = end &+ UInt64(_Frame.writePrefetchDistance)
        // relaxed: our own cached limit.
        if !isBlocking || target &+ 128 <= control.cachedLimit.pointee.load(ordering: .relaxed) {
            let ahead = UnsafeRawPointer(ring.pointer(at: target))
            CPU.prefetchForWrite(ahead)
            CPU.prefetchForWrite(ahead + 64)
        }
        // Seqlock writer side: announce [start, end) before writing it, so a reader that read
        // these bytes' old contents sees a frontier that tells it so. relaxed load: own value.
        if end > control.frontier.pointee.load(ordering: .relaxed) {
            // relaxed store + release fence: the fence keeps the frame stores below after it.
            control.frontier.pointee.store(end, ordering: .relaxed)
            atomicMemoryFence(ordering: .releasing)
        }
        return start
    }

    /// Before a batch of `count` records (none: nothing to do) with base offset `base` is
    /// published at byte position `position`: its first offset's index slot names its header,
    /// and the largest-batch bound that seeks scan the index by rises to `count` if it was lower
    /// (`_Frame`). Only the producer publishing calls it: the single producer, or
    /// the one whose turn it is, so a plain compare and store suffice. (A single-record append
    /// sets its slot itself: one record never raises the bound, which starts at 1.)
    @inlinable @inline(__always)
    func _indexBatch(base: Int64, position: UInt64, records count: Int) {
        guard count > 0 else { return }
        ring.setIndex(offset: base, position: position)
        // relaxed: publishers store it one at a time; the high-watermark release store that
        // follows publishes it to seeks, which load it after acquiring the high watermark.
        if UInt64(truncatingIfNeeded: count) > control.largestBatch.pointee.load(ordering: .relaxed) {
            control.largestBatch.pointee.store(UInt64(truncatingIfNeeded: count), ordering: .relaxed)
        }
    }

    /// Single producer: publishes every frame up to byte position `end` and offset `hw`.
    @inlinable @inline(__always)
    func _publishSingle(end: UInt64, highWatermark hw: Int64) {
        // relaxed: published by the high-watermark release store below (same line).
        control.publishedEnd.pointee.store(end, ordering: .relaxed)
        // releasing: every frame and index store above happens-before a reader's acquire load.
        control.highWatermark.pointee.store(hw, ordering: .releasing)
        control.dataSignal.notify()
    }

    /// Several producers: `reserved` is what the batch may fill; the claim extends it to the
    /// publication boundary, and the unused rest is published as padding.
    @usableFromInline
    func _appendBatchMulti(
        reserved fill: Int, waitForSpace: Bool, _ body: (inout BatchAppender) throws(RingLogError) -> Void
    ) throws(RingLogError) -> AppendedRange {
        let reserved = _Frame.publicationAligned(fill)
        let start: UInt64
        if !isBlocking {
            // Overwrite: the claim is the write frontier. acquiring-and-releasing RMW: it is
            // ordered before our frame stores, which is what a reader's seqlock check relies on.
            start = control.frontier.pointee.wrappingAdd(UInt64(reserved), ordering: .acquiringAndReleasing).oldValue
        } else {
            // Block: claim first (the space may not be free yet), raise the frontier only once
            // the slowest reader has released it, so waiting claims never look like overwrites.
            if waitForSpace {
                // acquiring-and-releasing: orders claims among producers.
                start = control.claim.pointee.wrappingAdd(UInt64(reserved), ordering: .acquiringAndReleasing).oldValue
                let end = start &+ UInt64(truncatingIfNeeded: reserved)
                // relaxed: a hint shared by producers; stale values only cause a rescan.
                if end > control.gatingCache.pointee.load(ordering: .relaxed) {
                    try _awaitSpace(end: end, wait: true)
                }
            } else {
                start = try _tryClaim(reserved)
            }
            _raiseFrontier(to: start &+ UInt64(reserved))
        }
        // Claims made concurrently may together span more than the ring (a reservation is at
        // most half the ring plus its header and padding, and any number of producers may
        // claim). Writing over a position an earlier claim has not finished writing would tear
        // that claim's frames in a way no frontier check sees (the write lands at an older
        // position, not a newer one). So wait until every claim whose bytes ours alias is
        // published; those are all earlier claims, published in claim order: no cycle.
        let end = start &+ UInt64(reserved)
        if end > capacity {
            let aliased = end &- capacity
            // acquiring: pairs with the publisher's release; its frame stores are done.
            if control.published.pointee.load(ordering: .acquiring) < aliased { _awaitPublished(aliased) }
        }
        var appender = BatchAppender(
            start: ring.pointer(at: start), reserved: fill, baseOffset: 0,
            partitionFlags: recordFlags, maxRecordBytes: maxRecordBytes)
        var failure: RingLogError?
        do { try body(&appender) } catch {
            failure = error
            appender.discardAll()
        }
        appender.pad(to: reserved)

        // Publish in claim order: wait until every earlier reservation is published (the
        // published end cannot pass `start` before this one is). acquiring: pairs with the
        // previous publisher's release, so its high watermark is seen.
        if control.published.pointee.load(ordering: .acquiring) != start { _awaitPublished(start) }
        // relaxed: only the publisher whose turn it is writes the high watermark.
        let base = control.highWatermark.pointee.load(ordering: .relaxed)
        appender.stampOffsets(base: base)
        let count = appender.count
        _indexBatch(base: base, position: start, records: count)
        // relaxed: published by the high-watermark release store below (same line).
        control.publishedEnd.pointee.store(start &+ UInt64(reserved), ordering: .relaxed)
        // releasing: frames, offsets and index entries happen-before readers' acquire loads.
        control.highWatermark.pointee.store(base &+ Int64(count), ordering: .releasing)
        // releasing: hands the turn to the next claimant.
        control.published.pointee.store(start &+ UInt64(reserved), ordering: .releasing)
        control.dataSignal.notify()
        if let failure { throw failure }
        return AppendedRange(baseOffset: base, count: count)
    }

    /// Several producers: waits until the claims are published up to byte position `position`.
    @usableFromInline
    func _awaitPublished(_ position: UInt64) {
        var waiter = _Waiter(waitStrategy)
        var counters = WaitCounters()
        // acquiring: as the caller's load.
        while control.published.pointee.load(ordering: .acquiring) < position {
            waiter.step(signal: control.dataSignal, counters: &counters) {
                control.published.pointee.load(ordering: .acquiring) >= position
            }
        }
    }

    /// Multi-producer block mode: frontier = max(frontier, end) before the frame stores.
    @usableFromInline
    func _raiseFrontier(to end: UInt64) {
        // relaxed: the CAS below validates it.
        var current = control.frontier.pointee.load(ordering: .relaxed)
        while current < end {
            // acquiring-and-releasing: the raised frontier is ordered before our frame stores.
            let (done, now) = control.frontier.pointee.compareExchange(
                expected: current, desired: end, ordering: .acquiringAndReleasing)
            if done { return }
            current = now
        }
    }

    /// `tryAppend` in multi-producer `block` mode: claim only if the space is free (CAS loop).
    @usableFromInline
    func _tryClaim(_ reserved: Int) throws(RingLogError) -> UInt64 {
        // relaxed: the CAS below validates it.
        var current = control.claim.pointee.load(ordering: .relaxed)
        while true {
            let end = current &+ UInt64(reserved)
            // relaxed: hint.
            if end > control.gatingCache.pointee.load(ordering: .relaxed) {
                let limit = _refreshLimit()
                if end > limit {
                    let available = limit == .max ? Int.max : Int(clamping: Int64(bitPattern: limit &- current))
                    throw .full(needed: reserved, available: max(0, available))
                }
            }
            // acquiring-and-releasing: as the fetch-add claim.
            let (exchanged, original) = control.claim.pointee.compareExchange(
                expected: current, desired: end, ordering: .acquiringAndReleasing)
            if exchanged { return current }
            current = original
        }
    }

    /// Single producer: a reader registered or sought since the last batch. Rescan the cursors,
    /// then tell readers (release) that every later batch is gated by them: from then on they
    /// need not validate their reads.
    @usableFromInline
    func _acknowledgeReaders(_ epoch: UInt64) {
        _ = _refreshLimit()
        // releasing: readers that see the acknowledgement also see that this batch and every later
        // one respect their cursors.
        control.gatingEpochAck.pointee.store(epoch, ordering: .releasing)
    }

    /// The highest end position producers may write to now: slowest reader + capacity, or
    /// `.max` when no reader is registered. Refreshes both producer caches.
    @usableFromInline
    func _refreshLimit() -> UInt64 {
        let slowest = _slowestReaderPosition()
        let limit = slowest == .max ? UInt64.max : slowest &+ capacity
        // relaxed: caches; a registering reader resets them to force a rescan.
        if isMulti { control.gatingCache.pointee.store(limit, ordering: .relaxed) }
        else { control.cachedLimit.pointee.store(limit, ordering: .relaxed) }
        return limit
    }

    /// The byte position of the slowest registered reader, `.max` if none.
    @usableFromInline
    func _slowestReaderPosition() -> UInt64 {
        // acquiring: see every slot claimed before the high-water mark moved.
        let slots = Int(control.readerSlotsHighWater.pointee.load(ordering: .acquiring))
        var slowest = UInt64.max
        for slot in 0..<slots {
            // acquiring: the reader's reads of the bytes it released happen-before our overwrite.
            let p = control.cursorPosition(slot).pointee.load(ordering: .acquiring)
            if p < slowest { slowest = p }
        }
        return slowest
    }

    /// Waits (or, with `wait` false, fails) until writing up to `end` overwrites nothing a
    /// registered reader still holds.
    @usableFromInline
    func _awaitSpace(end: UInt64, wait: Bool) throws(RingLogError) {
        var limit = _refreshLimit()
        if end <= limit { return }
        if !wait {
            // relaxed: the single producer's own last store (tryAppend is single-producer here).
            let tail = control.publishedEnd.pointee.load(ordering: .relaxed)
            throw .full(needed: Int(end &- tail), available: Int(clamping: Int64(bitPattern: limit &- tail)))
        }
        // The ring is full. Wait until an extra eighth of the ring is free as well (Aeron moves its
        // publication limit in such steps): the producer then runs that far without reading the
        // readers' cursor lines, instead of pulling them across cores on every append. Always
        // reachable: a reservation is at most half the ring, and readers can release everything
        // published before it.
        let target = end &+ capacity / 8
        var waiter = _Waiter(waitStrategy)
        var counters = WaitCounters()
        while target > limit {
            // relaxed: a flag; close() also wakes parked producers.
            if control.closed.pointee.load(ordering: .relaxed) != 0 { throw .closed }
            waiter.step(signal: control.spaceSignal, counters: &counters) {
                target <= _refreshLimit() || control.closed.pointee.load(ordering: .relaxed) != 0
            }
            limit = _refreshLimit()
        }
        // relaxed: statistics, slow path only.
        control.producerWaitCounter(0).pointee.wrappingAdd(1, ordering: .relaxed)
        control.producerWaitCounter(1).pointee.wrappingAdd(UInt64(counters.spins), ordering: .relaxed)
        control.producerWaitCounter(2).pointee.wrappingAdd(UInt64(counters.yields), ordering: .relaxed)
        control.producerWaitCounter(3).pointee.wrappingAdd(UInt64(counters.parks), ordering: .relaxed)
    }
}

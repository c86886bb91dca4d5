import RingLogPlatform
import Synchronization

extension PartitionLog {
    /// Registers a reader cursor. The partition tracks its position so `block` retention never
    /// overwrites what it has not released, and lag can be reported.
    /// - Throws: `.tooManyReaders` when every slot is taken; `.offsetOutOfRange` for a bad offset.
    /// - Complexity: O(maxReaders) on a cold path.
    public func makeReader(startingAt start: StartPosition = .earliest) throws(RingLogError) -> PartitionReader {
        let (offset, position, baseTimestamp) = try _resolve(start)
        for slot in 0..<control.maxReaders {
            // acquiring-and-releasing: claims a free slot exactly once among racing registrations.
            let (claimed, _) = control.cursorPosition(slot).pointee.compareExchange(
                expected: UInt64.max, desired: position, ordering: .acquiringAndReleasing)
            guard claimed else { continue }
            // acquiring-and-releasing: producers scanning up to the high-water mark see the slot.
            var high = control.readerSlotsHighWater.pointee.load(ordering: .relaxed)
            while high < UInt64(slot + 1) {
                let (done, now) = control.readerSlotsHighWater.pointee.compareExchange(
                    expected: high, desired: UInt64(slot + 1), ordering: .acquiringAndReleasing)
                if done { break }
                high = now
            }
            let reader = PartitionReader(log: self, slot: slot, position: position, offset: offset, baseTimestamp: baseTimestamp)
            reader.cursor.pendingEpoch.pointee = _announceGatingChange()
            return reader
        }
        throw .tooManyReaders(limit: control.maxReaders)
    }

    /// Tells producers a cursor was added or moved back. Returns the epoch a single-producer
    /// `block` reader must see acknowledged before it may skip validating its reads.
    @usableFromInline
    func _announceGatingChange() -> UInt64 {
        // relaxed: multi-producer cached limit; a reset only forces a rescan.
        control.gatingCache.pointee.store(0, ordering: .relaxed)
        // acquiring-and-releasing: the cursor store above is visible to a producer that sees the bump.
        return control.gatingEpoch.pointee.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue
    }

    /// The (offset, byte position, base timestamp of its batch) a start position stands for, validated.
    @usableFromInline
    func _resolve(_ start: StartPosition) throws(RingLogError) -> (Int64, UInt64, Int64) {
        var attempts = 0
        while true {
            attempts += 1
            let hw = highWatermark
            let offset: Int64
            switch start {
            case .earliest: offset = _logStart(highWatermark: hw)
            case .latest: offset = hw
            case .offset(let o): offset = o
            }
            guard offset >= 0 && offset <= hw else {
                throw .offsetOutOfRange(requested: offset, logStart: _logStart(highWatermark: hw), highWatermark: hw)
            }
            // At the high watermark the next frame starts a batch (or pads up to one): no base yet.
            let location = offset == hw ? _endPosition(highWatermark: hw).map { ($0, Int64(0)) } : _locate(offset)
            if let (position, baseTimestamp) = location { return (offset, position, baseTimestamp) }
            // Lost a race with the producer overwriting that record.
            if case .offset = start, attempts > 1 {
                throw .offsetOutOfRange(requested: offset, logStart: _logStart(highWatermark: hw), highWatermark: hw)
            }
        }
    }
}

/// A registered reader of one partition (a Kafka consumer's position on one partition).
///
/// `poll` hands out borrowed batches; returning from the poll closure releases them (in `block`
/// retention that is what lets producers reuse the space).
///
/// Thread-safety: one thread at a time (it may move between threads). Other threads may read
/// `lag` of the partition through `PartitionLog`.
public final class PartitionReader: @unchecked Sendable {
    public let log: PartitionLog
    @usableFromInline let slot: Int
    /// The reader's state lives on its own cursor line of the control block (see
    /// `_ControlBlock`), not in this object: a heap object cannot be aligned, and a field
    /// written on every poll must not share a cache line with what the producer reads.
    @usableFromInline let cursor: _Cursor
    /// Overwrite retention or several producers: every poll copies and validates (see `Record`).
    @usableFromInline let alwaysValidates: Bool
    /// What this reader did while waiting for records.
    public internal(set) var waitCounters = WaitCounters()
    /// The private copy validating reads hand out: for readers that always validate; others
    /// validate only briefly after registering or seeking and copy to the heap then.
    @usableFromInline let _staging: _ReadStaging?
    private var closed = false

    init(log: PartitionLog, slot: Int, position: UInt64, offset: Int64, baseTimestamp: Int64) {
        self.log = log
        self.slot = slot
        self.cursor = _Cursor(control: log.control, slot: slot)
        self.alwaysValidates = !log.isBlocking || log.isMulti
        _staging = alwaysValidates ? _ReadStaging(capacity: min(_ReadStaging.defaultBytes, Int(log.capacity))) : nil
        cursor.baseTimestamp.pointee = baseTimestamp
        cursor.publish(position: position, offset: offset)
    }

    @inlinable var offset: Int64 { cursor.offset }
    @inlinable var position: UInt64 { cursor.position }

    deinit { close() }

    /// The offset of the next record this reader will return (Kafka's `position`).
    @inlinable public var nextOffset: Int64 { offset }

    /// Records published but not yet read: high watermark − position.
    @inlinable public var lag: Int64 { log.highWatermark &- offset }

    /// Reads up to `maxRecords` records (about `maxBytes` bytes, at least one record) and
    /// passes them to `body` as a borrowed batch; on return the reader moves past them and
    /// releases the space. An empty batch means no new records.
    ///
    /// Every record `body` sees is intact (see `Record` for the read contract): zero-copy when
    /// this reader's cursor holds the producer back (`block` retention, one producer), else
    /// from a validated private copy.
    ///
    /// - Throws: `.invalidArgument` when `maxRecords` or `maxBytes` is below 1;
    ///   `.offsetOutOfRange` when the records at the position were dropped or overwritten
    ///   (`body` is not called then). The position does not move; `seek` to recover.
    /// - Complexity: O(records returned). No locks; no allocation but the first validating
    ///   read's copy buffer (and its growth for a record larger than it). Zero-copy: one
    ///   acquire load when the cached high watermark is used up, one release store of the
    ///   cursor. Validating: one copy of the bytes returned, one fence and load of the frontier.
    @inlinable @inline(__always)
    public func poll<R>(maxRecords: Int = 500, maxBytes: Int = .max, _ body: (RecordBatch) -> R) throws(RingLogError) -> R {
        try log._checkLimits(maxRecords: maxRecords, maxBytes: maxBytes)
        let validate = _prepareRead()
        let offset = cursor.offset
        let hw = _highWatermark(after: offset)
        if offset >= hw { return body(RecordBatch(base: nil, byteCount: 0, count: 0, firstOffset: offset)) }
        if validate {
            let (staged, copy) = try _readStaged(offset: offset, highWatermark: hw, maxRecords: maxRecords, maxBytes: maxBytes)
            let result = body(staged)
            copy.release()
            _advance(to: cursor.position &+ UInt64(truncatingIfNeeded: staged.byteCount), offset: staged.endOffset)
            return result
        }
        let (result, end, count, base) = try log._readBatch(
            position: cursor.position, offset: offset, baseTimestamp: cursor.baseTimestamp.pointee, highWatermark: hw,
            prefetchLimit: cursor.cachedPublishedEnd.pointee, maxRecords: maxRecords, maxBytes: maxBytes, body)
        cursor.baseTimestamp.pointee = base
        _advance(to: end, offset: offset &+ Int64(count))
        return result
    }

    /// Reads up to `maxRecords` records (about `maxBytes` bytes, at least one record) and calls
    /// `body` with each, in offset order; returns how many it read. On return the reader has
    /// moved past them and released the space, as with `poll`.
    ///
    /// The same records as `poll` with the same limits, in one pass over the frames: `poll`
    /// must find where its batch ends before handing it out, so its records are walked twice
    /// (once to size the batch, once by the caller's iteration). Prefer this one on hot paths.
    /// Every record `body` sees is intact, as with `poll`.
    ///
    /// - Throws: as `poll`; on `.offsetOutOfRange` `body` saw no record of this call. The
    ///   position does not move then.
    /// - Complexity: O(records returned). No locks; allocation as `poll`.
    /// - Thread-safety: one thread at a time, as the reader's other methods.
    @inlinable @inline(__always)
    public func pollEach(maxRecords: Int = 500, maxBytes: Int = .max, _ body: (Record) -> Void) throws(RingLogError) -> Int {
        try log._checkLimits(maxRecords: maxRecords, maxBytes: maxBytes)
        let validate = _prepareRead()
        let offset = cursor.offset
        let hw = _highWatermark(after: offset)
        if offset >= hw { return 0 }
        if validate {
            let (staged, copy) = try _readStaged(offset: offset, highWatermark: hw, maxRecords: maxRecords, maxBytes: maxBytes)
            staged.forEach(body)
            copy.release()
            _advance(to: cursor.position &+ UInt64(truncatingIfNeeded: staged.byteCount), offset: staged.endOffset)
            return staged.count
        }
        let position = cursor.position
        let walk = log._walkFrames(from: position, offset: offset, baseTimestamp: cursor.baseTimestamp.pointee,
                                   highWatermark: hw, prefetchLimit: cursor.cachedPublishedEnd.pointee,
                                   maxRecords: maxRecords, maxBytes: maxBytes) { frame, word, i, base in
            body(Record(frame: frame, word: word, offset: offset &+ Int64(i), batchTimestamp: base))
        }
        try log._validateRead(position: position, offset: offset, highWatermark: hw, torn: walk.torn, validate: false)
        cursor.baseTimestamp.pointee = walk.baseTimestamp
        _advance(to: position &+ UInt64(truncatingIfNeeded: walk.bytes), offset: offset &+ Int64(walk.count))
        return walk.count
    }

    /// A validating read (the producer may overwrite what this reader reads): copies the
    /// records and validates the copy before anything is handed out. Sets the cursor's base
    /// timestamp to the batch the read ends in; the caller releases the copy and advances.
    @usableFromInline @_lifetime(immortal)
    func _readStaged(offset: Int64, highWatermark hw: Int64, maxRecords: Int, maxBytes: Int) throws(RingLogError) -> (RecordBatch, _ReadCopy) {
        let read = try log._readStaged(
            into: _staging, position: cursor.position, offset: offset, baseTimestamp: cursor.baseTimestamp.pointee,
            highWatermark: hw, prefetchLimit: cursor.cachedPublishedEnd.pointee, maxRecords: maxRecords, maxBytes: maxBytes)
        cursor.baseTimestamp.pointee = read.baseTimestamp
        return (read.batch, read.copy)
    }

    /// Before a read: retires an acknowledged registration/seek epoch; returns whether the read
    /// must be validated (seqlock check).
    @inlinable @inline(__always)
    func _prepareRead() -> Bool {
        let pending = cursor.pendingEpoch.pointee
        if pending == 0 { return alwaysValidates }
        // acquiring: pairs with the producer's acknowledgement; batches after it respect our cursor.
        if log.control.gatingEpochAck.pointee.load(ordering: .acquiring) >= pending {
            cursor.pendingEpoch.pointee = 0
            return alwaysValidates
        }
        return true
    }

    /// The cached high watermark, reloaded (acquire) when the reader at `offset` has used it up.
    @inlinable @inline(__always)
    func _highWatermark(after offset: Int64) -> Int64 {
        let cached = cursor.cachedHighWatermark.pointee
        if offset < cached { return cached }
        let hw = log.highWatermark
        cursor.cachedHighWatermark.pointee = hw
        cursor.cachedPublishedEnd.pointee = log.publishedEnd
        return hw
    }

    /// After a read: publishes the new position and lets a waiting producer know.
    @inlinable @inline(__always)
    func _advance(to position: UInt64, offset: Int64) {
        cursor.publish(position: position, offset: offset)
        if log.isBlocking { log.control.spaceSignal.notify() }
    }

    /// Moves the position to `offset` (between the log start and the high watermark).
    /// - Throws: `.offsetOutOfRange`; the position is unchanged then.
    public func seek(to offset: Int64) throws(RingLogError) { try _move(.offset(offset)) }

    /// Moves the position to the log start offset.
    public func seekToBeginning() throws(RingLogError) { try _move(.earliest) }

    /// Moves the position to the high watermark.
    public func seekToEnd() throws(RingLogError) { try _move(.latest) }

    private func _move(_ start: StartPosition) throws(RingLogError) {
        let (o, p, base) = try log._resolve(start)
        cursor.baseTimestamp.pointee = base
        cursor.publish(position: p, offset: o)
        cursor.cachedHighWatermark.pointee = 0
        // A backward seek must be seen by producers' gating before reads skip validation.
        cursor.pendingEpoch.pointee = log._announceGatingChange()
    }

    /// Waits under the partition's wait strategy until a record past the position is
    /// published, the partition is closed, or `timeoutNanoseconds` pass. Returns true when
    /// records are available.
    public func awaitRecords(timeoutNanoseconds: Int64) -> Bool {
        let deadline = monotonicNanoseconds() &+ timeoutNanoseconds
        var waiter = _Waiter(log.waitStrategy)
        let target = offset
        while true {
            let hw = log.highWatermark
            if hw > target {
                cursor.cachedHighWatermark.pointee = hw
                cursor.cachedPublishedEnd.pointee = log.publishedEnd
                return true
            }
            if log.isClosed || monotonicNanoseconds() >= deadline { return false }
            waiter.step(signal: log.control.dataSignal, counters: &waitCounters) {
                log.highWatermark > target || log.isClosed
            }
        }
    }

    /// Unregisters the cursor; producers stop waiting for it. Idempotent.
    public func close() {
        guard !closed else { return }
        closed = true
        // releasing: frees the slot; our reads are done.
        log.control.cursorPosition(slot).pointee.store(UInt64.max, ordering: .releasing)
        log.control.spaceSignal.notifySlow()
    }
}

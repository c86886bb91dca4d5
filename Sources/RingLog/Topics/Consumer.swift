import RingLogPlatform

/// A member of a consumer group: polls the partitions the group assigned it (zero-copy under
/// `block` retention with one producer, from a validated copy otherwise; see `Record`).
///
/// Record delivery is the lock-free hot path: one acquire load of the group generation, then
/// each owned partition's `PartitionReader.poll`. Rebalances, commits and seeks take the
/// group's lock (cold path).
///
/// Thread-safety: one thread at a time, as a Kafka consumer. Members of one group run on their
/// own threads.
public final class Consumer: @unchecked Sendable {
    public let group: ConsumerGroup
    public let memberID: String
    public let configuration: ConsumerConfiguration
    /// The subscribed topics, sorted by name.
    public let topics: [Topic]

    /// One owned partition: where it is and the reader positioned on it (nil while it has no
    /// valid position under `auto.offset.reset = none`).
    @usableFromInline
    struct _Owned {
        @usableFromInline let partition: TopicPartition
        @usableFromInline let topic: Topic
        @usableFromInline var reader: PartitionReader?
        @usableFromInline var invalidReason: String
    }

    @usableFromInline var owned: [_Owned] = []
    @usableFromInline var seenGeneration: UInt64 = .max
    @usableFromInline var target: [TopicPartition] = []
    @usableFromInline var rotation = 0
    @usableFromInline var lastAutoCommit: Int64
    @usableFromInline var lastRetentionCheck: Int64 = 0
    @usableFromInline let hasTimeRetention: Bool
    @usableFromInline var isClosed = false

    init(group: ConsumerGroup, memberID: String, topics: [Topic], configuration: ConsumerConfiguration) {
        self.group = group
        self.memberID = memberID
        self.topics = topics
        self.configuration = configuration
        self.lastAutoCommit = coarseMonotonicNanoseconds()
        self.hasTimeRetention = topics.contains { $0.configuration.retentionNanoseconds != nil }
    }

    deinit { close() }

    /// The partitions the group assigned this member (after the last poll). Empty when the
    /// group has more members than partitions: this member idles, as in Kafka.
    public var assignment: [TopicPartition] { target }

    /// The partitions this member reads now: its assignment minus those whose previous owner
    /// has not handed them over yet.
    public var ownedPartitions: [TopicPartition] { owned.map(\.partition) }

    /// Fetches records from the owned partitions, starting with a different partition each call
    /// for fairness, and passes each non-empty batch to `body` as a borrowed view.
    /// On return from `body` the position moves past the batch.
    ///
    /// Before reading it joins any rebalance and auto-commits when due. When a position lies
    /// below the log start (overwritten or expired), `auto.offset.reset` moves it (earliest or
    /// latest) or the call throws (none).
    /// - Parameters:
    ///   - maxRecords: at most this many records in all (default `maxPollRecords`).
    ///   - timeoutNanoseconds: wait up to this long for records when there are none (0: do not wait).
    ///   - body: called with each partition's batch, a view valid only during the call.
    /// - Returns: the number of records passed to `body`.
    /// - Throws: `.noValidOffset` / `.offsetOutOfRange` under `auto.offset.reset = none`,
    ///   `.closed` after `close()`.
    /// - Complexity: O(owned partitions + records). No allocation and no lock unless a
    ///   rebalance or commit is due.
    @inlinable @inline(__always)
    @discardableResult
    public func poll(
        maxRecords: Int? = nil, timeoutNanoseconds: Int64 = 0, _ body: (TopicPartition, RecordBatch) -> Void
    ) throws(RingLogError) -> Int {
        try _poll(maxRecords: maxRecords, timeoutNanoseconds: timeoutNanoseconds) { reader, tp, limit throws(RingLogError) in
            try reader.poll(maxRecords: limit) { batch in
                if !batch.isEmpty { body(tp, batch) }
                return batch.count
            }
        }
    }

    /// Fetches records as `poll` does (same fairness, rebalance, commit and reset rules) and
    /// passes each record to `body` with its partition, in offset order per partition, in one
    /// pass over the ring (`PartitionReader.pollEach`): prefer it on hot paths that look at
    /// one record at a time.
    /// - Returns: the number of records passed to `body`.
    /// - Throws: as `poll`. Under overwrite retention a partition whose records were
    ///   overwritten before they could be read is reset as `poll` does; `body` never sees a
    ///   record of such a read (see `Record` for the read contract).
    /// - Complexity: O(owned partitions + records). No allocation and no lock unless a
    ///   rebalance or commit is due.
    /// - Thread-safety: as `poll`, one thread at a time.
    @inlinable @inline(__always)
    @discardableResult
    public func pollEach(
        maxRecords: Int? = nil, timeoutNanoseconds: Int64 = 0, _ body: (TopicPartition, Record) -> Void
    ) throws(RingLogError) -> Int {
        try _poll(maxRecords: maxRecords, timeoutNanoseconds: timeoutNanoseconds) { reader, tp, limit throws(RingLogError) in
            try reader.pollEach(maxRecords: limit) { body(tp, $0) }
        }
    }

    /// The polling loop of `poll` and `pollEach`: `read` reads up to `limit` records of one
    /// partition and returns how many.
    @inlinable @inline(__always)
    func _poll(
        maxRecords: Int?, timeoutNanoseconds: Int64,
        _ read: (PartitionReader, TopicPartition, Int) throws(RingLogError) -> Int
    ) throws(RingLogError) -> Int {
        let limit = maxRecords ?? configuration.maxPollRecords
        guard limit >= 1 else { throw .invalidArgument("maxRecords must be at least 1, got \(limit)") }
        var deadline: Int64 = 0
        var idleRounds = 0
        while true {
            let n = try _pollOnce(limit: limit, read)
            if n > 0 || timeoutNanoseconds <= 0 { return n }
            let now = monotonicNanoseconds()
            if deadline == 0 { deadline = now &+ timeoutNanoseconds } else if now >= deadline { return 0 }
            idleRounds &+= 1
            // Several partitions have no single signal to park on: yield, then nap briefly.
            if idleRounds < 64 { PlatformThread.yield() } else { PlatformThread.sleep(nanoseconds: 20_000) }
        }
    }

    @inlinable @inline(__always)
    func _pollOnce(limit: Int, _ read: (PartitionReader, TopicPartition, Int) throws(RingLogError) -> Int) throws(RingLogError) -> Int {
        if isClosed { throw .closed }
        if group.generation != seenGeneration { try _sync() }
        if configuration.enableAutoCommit || hasTimeRetention { _periodicWork() }
        let count = owned.count
        guard count > 0 else { return 0 }
        var total = 0
        var i = 0
        let start = rotation
        rotation = rotation &+ 1 == count ? 0 : rotation &+ 1
        var retried = -1
        while i < count && total < limit {
            var index = start &+ i
            if index >= count { index &-= count }
            i &+= 1
            guard let reader = owned[index].reader else { throw _noPosition(index) }
            let floor = owned[index].topic.retentionFloor(owned[index].partition.partition)
            let tp = owned[index].partition
            do throws(RingLogError) {
                if reader.nextOffset < floor {
                    throw RingLogError.offsetOutOfRange(requested: reader.nextOffset, logStart: floor, highWatermark: reader.log.highWatermark)
                }
                total &+= try read(reader, tp, limit &- total)
            } catch .offsetOutOfRange(let requested, let start, let hw) {
                try _reset(index, reason: "offset \(requested) is out of range [\(start), \(hw)]")
                // Read the partition again from its new position (once per poll).
                if retried != index { retried = index; i &-= 1 }
            }
        }
        return total
    }

    @usableFromInline
    func _noPosition(_ index: Int) -> RingLogError {
        let o = owned[index]
        return .noValidOffset(topic: o.partition.topic, partition: o.partition.partition, reason: o.invalidReason)
    }

    /// Auto-commit and time retention, each when due. Runs on every poll, so it reads the
    /// coarse clock (kernel-tick resolution; the intervals are a second or more by default).
    @usableFromInline
    func _periodicWork() {
        let now = coarseMonotonicNanoseconds()
        if configuration.enableAutoCommit && now &- lastAutoCommit >= configuration.autoCommitIntervalNanoseconds {
            lastAutoCommit = now
            commitSync()
        }
        if hasTimeRetention && now &- lastRetentionCheck >= 1_000_000_000 {
            lastRetentionCheck = now
            let wall = wallClockNanoseconds()
            for t in topics { t._enforceRetention(now: wall) }
        }
    }

    /// The position of partition `index` is no longer served: apply `auto.offset.reset`.
    @usableFromInline
    func _reset(_ index: Int, reason: String) throws(RingLogError) {
        switch configuration.autoOffsetReset {
        case .none:
            _dropPosition(index, reason: reason)
            throw _noPosition(index)
        case .earliest, .latest:
            try _position(index, at: configuration.autoOffsetReset == .earliest ? .earliest : .latest)
        }
    }

    /// Places the reader of partition `index` at `start` (earliest honours the retention floor).
    func _position(_ index: Int, at start: StartPosition) throws(RingLogError) {
        let o = owned[index]
        let log = try o.topic.partition(o.partition.partition)
        var resolved = start
        if case .earliest = start {
            let floor = o.topic.retentionFloor(o.partition.partition)
            if floor > log.logStartOffset { resolved = .offset(Swift.min(floor, log.highWatermark)) }
        }
        if let reader = o.reader {
            switch resolved {
            case .earliest: try reader.seekToBeginning()
            case .latest: try reader.seekToEnd()
            case .offset(let x): try reader.seek(to: x)
            }
        } else {
            owned[index].reader = try log.makeReader(startingAt: resolved)
        }
    }

    // MARK: Rebalance (cold path)

    /// Joins the current generation: hands over revoked partitions, takes the gained ones that
    /// their previous owner has released.
    @usableFromInline
    func _sync() throws(RingLogError) {
        try group.state.withLock { (s: inout ConsumerGroup.State) throws(RingLogError) in
            let mine = s.target[memberID] ?? []
            let wanted = Set(mine)
            var released = false
            var kept: [_Owned] = []
            for o in owned {
                if wanted.contains(o.partition) { kept.append(o); continue }
                _park(o, &s)
                released = true
            }
            owned = kept
            let have = Set(owned.map(\.partition))
            for tp in mine where !have.contains(tp) && s.owners[tp] == nil {
                guard let topic = topics.first(where: { $0.name == tp.topic }) else { continue }
                s.owners[tp] = memberID
                owned.append(_Owned(partition: tp, topic: topic, reader: s.parked.removeValue(forKey: tp), invalidReason: ""))
                try _startPosition(owned.count - 1, committed: s.committed[tp])
            }
            owned.sort { $0.partition < $1.partition }
            target = mine
            rotation = 0
            if released { group._bump() }
            // relaxed: we hold the lock; every bump happens under it.
            seenGeneration = group._generation.load(ordering: .relaxed)
        }
    }

    /// Positions a newly owned partition at the group's committed offset, or per
    /// `auto.offset.reset` when there is none or it is no longer served.
    func _startPosition(_ index: Int, committed: Int64?) throws(RingLogError) {
        let o = owned[index]
        if let committed {
            let log = try o.topic.partition(o.partition.partition)
            let floor = o.topic.retentionFloor(o.partition.partition)
            if committed >= floor {
                if let reader = o.reader {
                    // A parked reader: usually already there; else move it back to the commit.
                    if reader.nextOffset == committed || (try? reader.seek(to: committed)) != nil { return }
                } else if let reader = try? log.makeReader(startingAt: .offset(committed)) {
                    owned[index].reader = reader
                    return
                }
            }
            if configuration.autoOffsetReset == .none {
                _dropPosition(index, reason: "committed offset \(committed) is no longer in the log")
                return
            }
        }
        switch configuration.autoOffsetReset {
        case .earliest: try _position(index, at: .earliest)
        case .latest: try _position(index, at: .latest)
        case .none: _dropPosition(index, reason: "the group has no committed offset")
        }
    }

    func _dropPosition(_ index: Int, reason: String) {
        owned[index].reader?.close()
        owned[index].reader = nil
        owned[index].invalidReason = reason
    }

    /// Commits (if auto-commit is on), gives up every partition and leaves the group, which
    /// rebalances the rest. Idempotent.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        group.state.withLock { s in
            for o in owned { _park(o, &s) }
            group._leave(memberID: memberID, &s)
            if s.subscriptions.isEmpty {
                for reader in s.parked.values { reader.close() }
                s.parked = [:]
            }
        }
        owned = []
        target = []
    }

    /// Gives up an owned partition: commits it under auto-commit, parks its reader in the group
    /// for the next owner. Caller holds the group's lock.
    func _park(_ o: _Owned, _ s: inout ConsumerGroup.State) {
        if let r = o.reader {
            if configuration.enableAutoCommit { s.committed[o.partition] = r.nextOffset }
            s.parked[o.partition] = r
        }
        if s.owners[o.partition] == memberID { s.owners[o.partition] = nil }
    }
}

extension Consumer {
    /// Commits the current position of every owned partition to the group (Kafka's
    /// `commitSync()`): the group resumes there after a rebalance or restart.
    /// Complexity: O(owned partitions), under the group's lock.
    public func commitSync() {
        group.state.withLock { s in
            for o in owned {
                if let r = o.reader { s.committed[o.partition] = r.nextOffset }
            }
        }
    }

    /// Commits the given offsets (each the next offset to read).
    /// - Throws: `.notAssigned` when this member does not own one of the partitions, or
    ///   `.invalidArgument` for a negative offset; nothing is committed then.
    public func commitSync(_ offsets: [TopicPartition: Int64]) throws(RingLogError) {
        for (tp, offset) in offsets {
            guard _index(of: tp) != nil else { throw .notAssigned(topic: tp.topic, partition: tp.partition) }
            guard offset >= 0 else { throw .invalidArgument("commit offset \(offset) for \(tp) is negative") }
        }
        group.state.withLock { s in
            for (tp, offset) in offsets { s.committed[tp] = offset }
        }
    }

    /// The group's committed offset for `partition`, if any.
    public func committed(_ partition: TopicPartition) -> Int64? { group.committedOffset(partition) }

    /// The offset of the next record `poll` returns from `partition` (Kafka's `position`).
    /// - Throws: `.notAssigned`; `.noValidOffset` when it has none under `auto.offset.reset = none`.
    public func position(_ partition: TopicPartition) throws(RingLogError) -> Int64 {
        let i = try _owned(partition)
        guard let r = owned[i].reader else { throw _noPosition(i) }
        return r.nextOffset
    }

    /// Moves the position of `partition` to `offset` (Kafka's `seek`), giving it a position if it
    /// had none. - Throws: `.notAssigned`, `.offsetOutOfRange` (position unchanged).
    public func seek(_ partition: TopicPartition, to offset: Int64) throws(RingLogError) {
        let i = try _owned(partition)
        let floor = owned[i].topic.retentionFloor(partition.partition)
        if offset < floor {
            let log = try owned[i].topic.partition(partition.partition)
            throw .offsetOutOfRange(requested: offset, logStart: floor, highWatermark: log.highWatermark)
        }
        try _position(i, at: .offset(offset))
    }

    /// Moves the given partitions (all owned ones when empty) to the log start.
    public func seekToBeginning(_ partitions: [TopicPartition] = []) throws(RingLogError) {
        if !isClosed && group.generation != seenGeneration { try _sync() }
        for tp in partitions.isEmpty ? ownedPartitions : partitions { try _position(try _owned(tp), at: .earliest) }
    }

    /// Moves the given partitions (all owned ones when empty) to the high watermark.
    public func seekToEnd(_ partitions: [TopicPartition] = []) throws(RingLogError) {
        if !isClosed && group.generation != seenGeneration { try _sync() }
        for tp in partitions.isEmpty ? ownedPartitions : partitions { try _position(try _owned(tp), at: .latest) }
    }

    /// For each partition, the first offset whose timestamp is at or after the given one, or nil
    /// when there is none (Kafka's `offsetsForTimes`). Any partition of a subscribed topic.
    /// - Throws: `.unknownTopic` (not subscribed), `.unknownPartition`.
    public func offsetsForTimes(_ timestamps: [TopicPartition: Int64]) throws(RingLogError) -> [TopicPartition: Int64?] {
        var out: [TopicPartition: Int64?] = [:]
        for (tp, ts) in timestamps {
            guard let topic = topics.first(where: { $0.name == tp.topic }) else { throw .unknownTopic(tp.topic) }
            let log = try topic.partition(tp.partition)
            let floor = topic.retentionFloor(tp.partition)
            out.updateValue(log.offset(forTimestamp: ts).map { Swift.max($0, floor) }, forKey: tp)
        }
        return out
    }

    /// Moves `partition` to the first record with a timestamp at or after `timestamp`, or to the
    /// high watermark when there is none (replay by time).
    public func seek(_ partition: TopicPartition, toTimestamp timestamp: Int64) throws(RingLogError) {
        let i = try _owned(partition)
        if let target = try offsetsForTimes([partition: timestamp])[partition] ?? nil {
            try _position(i, at: .offset(target))
        } else {
            try _position(i, at: .latest)
        }
    }

    /// Records of an owned partition after this member's position: high watermark − position.
    public func lag(_ partition: TopicPartition) throws(RingLogError) -> Int64 {
        let i = try _owned(partition)
        guard let r = owned[i].reader else { throw _noPosition(i) }
        return r.lag
    }

    /// Lag of every owned partition that has a position.
    public var lags: [TopicPartition: Int64] {
        var out: [TopicPartition: Int64] = [:]
        for o in owned { if let r = o.reader { out[o.partition] = r.lag } }
        return out
    }

    func _index(of partition: TopicPartition) -> Int? { owned.firstIndex { $0.partition == partition } }

    func _owned(_ partition: TopicPartition) throws(RingLogError) -> Int {
        // Join a pending rebalance first, so seeking right after subscribing works.
        if !isClosed && group.generation != seenGeneration { try _sync() }
        guard let i = _index(of: partition) else { throw .notAssigned(topic: partition.topic, partition: partition.partition) }
        return i
    }
}

import Synchronization
import RingLogPlatform

/// A named stream of records split into partitions, each a `PartitionLog`.
///
/// Thread-safety: all members may be called from any thread. Adding partitions takes a lock
/// (cold path); producers and consumers read the partition table without one: new partitions
/// are written first, then the count is published with a release store.
public final class Topic: @unchecked Sendable {
    public let name: String
    public let configuration: TopicConfiguration
    /// Dense id within its `EventLog`, used by producers to index their per-topic state.
    public let id: Int

    @usableFromInline let _table: _PartitionTable
    @usableFromInline let _count = Atomic<Int>(0)
    private let growLock = PThreadMutex()

    init(name: String, id: Int, configuration: TopicConfiguration) throws(RingLogError) {
        try configuration.validate()
        self.name = name
        self.id = id
        self.configuration = configuration
        _table = _PartitionTable(capacity: TopicConfiguration.maximumPartitions)
        // Every stored property is set: if a partition cannot be created, throwing releases
        // self and `deinit` frees the table and the partitions made so far (exactly once).
        try _grow(to: configuration.partitions)
    }

    deinit { _releaseAll() }

    private func _releaseAll() {
        // relaxed: no other thread can reach a topic being destroyed.
        _table.destroy(count: _count.load(ordering: .relaxed))
    }

    /// The number of partitions now. O(1); one acquire load.
    @inlinable public var partitionCount: Int {
        // acquiring: pairs with the release in `_grow`; slots below the count are initialized.
        _count.load(ordering: .acquiring)
    }

    /// Partition `index`. - Throws: `.unknownPartition`.
    @inlinable
    public func partition(_ index: Int) throws(RingLogError) -> PartitionLog {
        let n = partitionCount
        guard index >= 0 && index < n else {
            throw .unknownPartition(topic: name, partition: index, partitionCount: n)
        }
        return _table.log(index)
    }

    /// Partition `index` without a bounds check against the published count (caller checked).
    @inlinable @inline(__always)
    func _partition(_ index: Int) -> PartitionLog { _table.log(index) }

    /// The first offset still served: the ring's log start, raised by time retention.
    public func logStartOffset(partition index: Int) throws(RingLogError) -> Int64 {
        let log = try partition(index)
        return Swift.max(log.logStartOffset, retentionFloor(index))
    }

    /// The high watermark of a partition.
    public func highWatermark(partition index: Int) throws(RingLogError) -> Int64 {
        try partition(index).highWatermark
    }

    /// Offsets below this were removed by time retention.
    @inlinable func retentionFloor(_ index: Int) -> Int64 { _table.floor(index) }

    /// Grows the topic to `count` partitions (Kafka's `createPartitions`): existing records stay
    /// where they are. Keys hash over the new count from now on, as in Kafka.
    /// - Throws: `.invalidConfiguration` when `count` is not above the current count or above the
    ///   maximum; the topic is unchanged then.
    func _grow(to count: Int) throws(RingLogError) {
        try growLock.withLock { () throws(RingLogError) in
            // relaxed: writers are serialized by the lock.
            let current = _count.load(ordering: .relaxed)
            guard count > current else {
                throw .invalidConfiguration("topic '\(name)' has \(current) partitions; the new count \(count) must be larger")
            }
            guard count <= TopicConfiguration.maximumPartitions else {
                throw .invalidConfiguration("partitions \(count) exceeds the maximum \(TopicConfiguration.maximumPartitions)")
            }
            var made: [PartitionLog] = []
            for _ in current..<count { made.append(try PartitionLog(configuration.partition)) }
            for (i, log) in made.enumerated() { _table.install(log, at: current + i) }
            // releasing: the slots written above are visible to whoever sees the new count.
            _count.store(count, ordering: .releasing)
        }
    }

    /// Advances the time-retention floor of every partition: the first offset with a timestamp
    /// at or after `now − retention` (Kafka deletes whole segments; RingLog is exact).
    /// Does nothing without `retentionNanoseconds`. O(partitions × log(records in ring)).
    func _enforceRetention(now: Int64) {
        guard let retention = configuration.retentionNanoseconds else { return }
        let cutoff = now &- retention
        for i in 0..<partitionCount {
            let log = _partition(i)
            let floor = log.offset(forTimestamp: cutoff) ?? log.highWatermark
            _table.raiseFloor(i, to: floor)
        }
    }

    /// Closes every partition: appends fail with `.closed`, waiting readers wake.
    public func close() {
        for i in 0..<partitionCount { _partition(i).close() }
    }
}

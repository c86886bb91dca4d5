import Synchronization

/// The fixed-size table of a topic's partitions, the only place the topic layer touches
/// unsafe pointers. Slot i holds partition i (retained) once the published count exceeds i;
/// a slot is written once and never cleared while the table lives, so readers index it
/// without a lock after an acquire load of the count.
@usableFromInline
struct _PartitionTable {
    @usableFromInline let slots: UnsafeMutablePointer<Unmanaged<PartitionLog>>
    /// Time-retention floor per partition: offsets below it are no longer served.
    @usableFromInline let floors: UnsafeMutablePointer<Atomic<Int64>>
    @usableFromInline let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        slots = .allocate(capacity: capacity)
        floors = .allocate(capacity: capacity)
        for i in 0..<capacity { (floors + i).initialize(to: Atomic(0)) }
    }

    /// Partition `index`, unretained: the table keeps it alive as long as the topic lives.
    @inlinable @inline(__always)
    func log(_ index: Int) -> PartitionLog { slots[index].takeUnretainedValue() }

    /// Stores a new partition in an unused slot (before the count that covers it is published).
    func install(_ log: PartitionLog, at index: Int) { slots[index] = Unmanaged.passRetained(log) }

    /// relaxed: a monotonic hint; the ring's own seqlock protects the bytes.
    @inlinable func floor(_ index: Int) -> Int64 { floors[index].load(ordering: .relaxed) }

    /// Raises the floor of partition `index` to `value` (never lowers it).
    func raiseFloor(_ index: Int, to value: Int64) {
        // relaxed: the floor is a monotonic hint (see `floor`).
        var current = floors[index].load(ordering: .relaxed)
        while value > current {
            let (done, now) = floors[index].compareExchange(expected: current, desired: value, ordering: .relaxed)
            if done { break }
            current = now
        }
    }

    /// Releases the first `count` partitions and the table's memory.
    func destroy(count: Int) {
        for i in 0..<count { slots[i].release() }
        slots.deallocate()
        floors.deinitialize(count: capacity)
        floors.deallocate()
    }
}

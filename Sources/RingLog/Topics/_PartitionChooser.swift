/// A producer's per-topic partitioning state (sticky partition, round-robin counter).
/// Not thread-safe: owned by one `Producer`.
@usableFromInline
struct _PartitionChooser {
    @usableFromInline var sticky: Int = -1
    @usableFromInline var stickyBytes: Int = 0
    @usableFromInline var counter: Int = 0
    @usableFromInline var random: UInt64

    @inlinable init(seed: UInt64) { random = seed | 1 }

    /// The partition of a record without key or explicit partition, given `bytes` it adds.
    @inlinable
    mutating func nullKeyPartition(_ mode: NullKeyPartitioning, partitionCount: Int, bytes: Int) -> Int {
        switch mode {
        case .roundRobin:
            let p = counter % partitionCount
            counter &+= 1
            return p
        case .sticky(let batchBytes):
            if sticky < 0 || sticky >= partitionCount || stickyBytes >= batchBytes {
                sticky = nextSticky(partitionCount: partitionCount)
                stickyBytes = 0
            }
            stickyBytes &+= bytes
            return sticky
        }
    }

    /// A new sticky partition, different from the last one when there is a choice (as Kafka).
    @inlinable
    mutating func nextSticky(partitionCount: Int) -> Int {
        // xorshift64: cheap and allocation-free; quality is irrelevant here.
        random ^= random << 13
        random ^= random >> 7
        random ^= random << 17
        guard partitionCount > 1 else { return 0 }
        var p = Int(random % UInt64(partitionCount))
        if p == sticky { p = (p &+ 1) % partitionCount }
        return p
    }
}

import RingLog
import RingLogPlatform
import Synchronization

/// The idempotent producers' sequence state of every partition, and the producer IDs
/// InitProducerId hands out.
///
/// A partition's table is taken with its own lock around the check and the append (`withPartition`),
/// so a retried batch can never be appended twice, while producers of other partitions go on. A
/// table keeps at most `maximumProducersPerPartition` producers; the least recently used one is
/// forgotten first (its next batch then gets UNKNOWN_PRODUCER_ID, and the client starts over).
///
/// Thread-safety: any thread.
final class _ProducerSequences: Sendable {
    /// Producers remembered per partition.
    static let maximumProducersPerPartition = 4096

    /// One partition's producers and a use clock.
    final class Table: Sendable {
        let state = LockedValue<(producers: [Int64: _ProducerSequence], clock: UInt64)>(([:], 0))
    }

    private let tables = LockedValue<[TopicPartition: Table]>([:])
    /// The next producer ID; relaxed: each caller only needs its own distinct value.
    private let nextProducerId = Atomic<Int64>(1)

    /// A producer ID not handed out before by this server.
    func allocateProducerId() -> Int64 {
        nextProducerId.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// Checks `batch` against its producer's state on `partition` of `topic` and, when it is to be
    /// appended, runs `append` (which returns the base offset, or throws) and records it; all under
    /// the partition's lock. Returns the verdict, with the base offset when appended.
    func withPartition<E: Error>(_ topic: String, _ partition: Int32, _ batch: _ProducerBatchRange,
                                 append: () throws(E) -> Int64) throws(E) -> (check: _SequenceCheck, baseOffset: Int64?) {
        let key = TopicPartition(topic, Int(partition))
        let table = tables.withLock { tables -> Table in
            if let existing = tables[key] { return existing }
            let created = Table()
            tables[key] = created
            return created
        }
        return try table.state.withLock { (state) throws(E) -> (check: _SequenceCheck, baseOffset: Int64?) in
            let current = state.producers[batch.producerId]
            let verdict = _ProducerSequence.check(current, batch)
            guard verdict == .append else { return (verdict, nil) }
            let baseOffset = try append()
            state.clock &+= 1
            state.producers[batch.producerId] = _ProducerSequence.appended(current, batch, baseOffset: baseOffset, at: state.clock)
            if state.producers.count > Self.maximumProducersPerPartition,
               let oldest = state.producers.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                state.producers[oldest] = nil
            }
            return (.append, baseOffset)
        }
    }
}

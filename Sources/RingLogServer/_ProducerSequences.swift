import RingLog
import RingLogPlatform
import Synchronization

/// The idempotent producers' sequence state of every partition, and the producer IDs
/// InitProducerId hands out.
///
/// A partition's table is taken with its own lock around the check and the append (`withPartition`),
/// so a retried batch can never be appended twice, while producers of other partitions go on. A
/// table keeps at most `maximumProducersPerPartition` producers (about 200 bytes each); the least
/// recently used one is forgotten first (its next batch then gets UNKNOWN_PRODUCER_ID, and the
/// client starts over; a retry of a forgotten producer's first batch would be appended again, as
/// in Kafka once a producer's state expired).
///
/// IDs start from the server's start time in milliseconds × 2²⁰, so a client that kept an ID
/// from an earlier run of the server never shares it with a new producer; a batch carrying an ID
/// this run did not hand out gets UNKNOWN_PRODUCER_ID (librdkafka then asks for a new one).
///
/// Thread-safety: any thread.
final class _ProducerSequences: Sendable {
    /// Producers remembered per partition.
    static let maximumProducersPerPartition = 1024

    /// One partition's producers and a use clock.
    final class Table: Sendable {
        let state = LockedValue<(producers: [Int64: _ProducerSequence], clock: UInt64)>(([:], 0))
    }

    private let tables = LockedValue<[TopicPartition: Table]>([:])
    /// The first ID this run hands out.
    let firstProducerId: Int64
    /// The next producer ID; relaxed: each caller only needs its own distinct value.
    private let nextProducerId: Atomic<Int64>

    /// IDs from `firstProducerId` (default: this start's wall-clock milliseconds × 2²⁰).
    init(firstProducerId: Int64 = Int64(wallClockNanoseconds() / 1_000_000) << 20) {
        self.firstProducerId = firstProducerId
        nextProducerId = Atomic(firstProducerId)
    }

    /// A producer ID not handed out before by this server.
    func allocateProducerId() -> Int64 {
        nextProducerId.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// Whether this run handed out `id`.
    func wasAllocated(_ id: Int64) -> Bool {
        id >= firstProducerId && id < nextProducerId.load(ordering: .relaxed)
    }

    /// Checks `batch` against its producer's state on `partition` of `topic` and, when it is to be
    /// appended, runs `append` (which returns the base offset, or throws) and records it; all under
    /// the partition's lock. Returns the verdict, with the base offset when appended.
    func withPartition<E: Error>(_ topic: String, _ partition: Int32, _ batch: _ProducerBatchRange,
                                 append: () throws(E) -> Int64) throws(E) -> (check: _SequenceCheck, baseOffset: Int64?) {
        guard wasAllocated(batch.producerId) else {
            return (.refuse(.unknownProducerId, "producer \(batch.producerId) was not handed out by this run of the server"), nil)
        }
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

/// What an idempotent producer stamped on a partition's records field: its ID and epoch, and
/// the sequence numbers of the field's first and last record (its batches follow each other).
struct _ProducerBatchRange: Equatable {
    let producerId: Int64
    let epoch: Int16
    let firstSequence: Int32
    let lastSequence: Int32

    /// The sequence after `sequence`: sequences wrap from Int32.max to 0, as Kafka's do.
    static func next(after sequence: Int32) -> Int32 { sequence == .max ? 0 : sequence + 1 }

    /// `sequence` advanced by `delta` (≥ 0) records, wrapping from Int32.max to 0.
    static func sequence(_ sequence: Int32, advancedBy delta: Int32) -> Int32 {
        sequence > .max - delta ? delta - (.max - sequence) - 1 : sequence + delta
    }
}

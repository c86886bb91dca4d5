/// How a producer picks the partition of a record that names none.
///
/// Keyed records always go to `toPositive(murmur2(key)) % partitionCount` (Kafka's default
/// partitioner); this choice only decides where records with a null key go.
public enum NullKeyPartitioning: Sendable, Equatable {
    /// Kafka's default since 2.4 (KIP-480/KIP-794): stay on one partition until `batchBytes`
    /// have been sent to it (Kafka's `batch.size`, 16384 by default), then move to another.
    case sticky(batchBytes: Int = 16384)
    /// Kafka's `RoundRobinPartitioner`: each null-key record goes to the next partition.
    case roundRobin
}

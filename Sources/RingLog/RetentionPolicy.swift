import RingLogPlatform

/// What happens when the ring is full.
public enum RetentionPolicy: String, Sendable, CaseIterable {
    /// Kafka-like: the oldest records are dropped and the log start offset advances. Readers
    /// that fall behind get `offsetOutOfRange`.
    case overwrite
    /// Disruptor-like, lossless: the producer waits until every registered reader has released
    /// the space (or `tryAppend` reports `.full`).
    case block
}
